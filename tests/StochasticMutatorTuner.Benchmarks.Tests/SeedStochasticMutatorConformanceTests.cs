using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;

namespace StochasticMutatorTuner.Benchmarks.Tests;

public class SeedStochasticMutatorConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new SeedStochasticMutator { InitRandom = 3 };

    protected override ISearchStrategy? CreateSingleStep() => new SeedStochasticMutator { RandomizeAxisFactor = 0 };
}
