using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Strategies;

/// <summary>Uniform random search without repeats: the baseline every other strategy is measured against.</summary>
public sealed class RandomSearch : ISearchStrategy
{
    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public Candidate? Propose(StrategyContext context) => UntriedConfigs.FindRandom(context);
}
