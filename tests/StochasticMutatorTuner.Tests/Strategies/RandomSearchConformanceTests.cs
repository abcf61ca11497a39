using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;

namespace StochasticMutatorTuner.Tests.Strategies;

public class RandomSearchConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new RandomSearch();
}
