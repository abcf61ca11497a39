using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;

namespace StochasticMutatorTuner.Benchmarks.Tests;

public class RegularizedEvolutionConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new RegularizedEvolution { Population = 4 };

    protected override ISearchStrategy? CreateSingleStep() => new RegularizedEvolution();

    protected override int RandomPhase => 20;
}
