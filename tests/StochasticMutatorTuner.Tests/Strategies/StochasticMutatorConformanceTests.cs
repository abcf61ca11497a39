using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;

namespace StochasticMutatorTuner.Tests.Strategies;

public class StochasticMutatorConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new StochasticMutator { InitRandom = 3 };

    protected override ISearchStrategy? CreateSingleStep() => new StochasticMutator { RandomizeAxisFactor = 0 };
}
