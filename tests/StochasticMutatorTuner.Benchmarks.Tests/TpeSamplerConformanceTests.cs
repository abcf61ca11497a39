using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;

namespace StochasticMutatorTuner.Benchmarks.Tests;

public class TpeSamplerConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new TpeSampler { Startup = 3 };
}
