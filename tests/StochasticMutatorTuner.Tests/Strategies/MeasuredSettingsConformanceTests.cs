using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;

namespace StochasticMutatorTuner.Tests.Strategies;

/// <summary>The best settings the search-quality suite measured (docs/benchmarks.md), which README recommends trying, obey the strategy laws.</summary>
public class MeasuredSettingsConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new StochasticMutator { InitRandom = 5, Screening = 2, RestartAfter = 100 };

    protected override ISearchStrategy? CreateSingleStep() => new StochasticMutator { InitRandom = 5, RandomizeAxisFactor = 0, Screening = 2, RestartAfter = 100 };

    protected override int RandomPhase => 5;
}
