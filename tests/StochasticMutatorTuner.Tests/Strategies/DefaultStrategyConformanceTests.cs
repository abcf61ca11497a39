using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Strategies;

/// <summary>The strategy a search uses when <see cref="TunerOptions.Strategy"/> is null, as the options create it, obeys the strategy laws.</summary>
public class DefaultStrategyConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new TunerOptions().CreateStrategy();

    protected override ISearchStrategy? CreateSingleStep() => new TunerOptions { RandomizeAxisFactor = 0 }.CreateStrategy();

    protected override int RandomPhase => ((StochasticMutator)new TunerOptions().CreateStrategy()).InitRandom;
}
