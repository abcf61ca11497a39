using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;

namespace StochasticMutatorTuner.Tests.Strategies;

/// <summary>The stochastic mutator with restarts and screened mutations (the settings the default strategy uses).</summary>
public class ScreenedStochasticMutatorConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new StochasticMutator { InitRandom = 3, RestartAfter = 5, Screening = 3 };

    protected override ISearchStrategy? CreateSingleStep() => new StochasticMutator { RandomizeAxisFactor = 0, RestartAfter = 60, Screening = 3 };
}
