using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// Exhaustive search over every distinct config in a fixed order (inactive parameters do not multiply the grid).
/// For small spaces; it ends with "space exhausted". The position is per study: one strategy object can serve
/// several studies, each walking the whole grid.
/// </summary>
public sealed class GridSearch : ISearchStrategy
{
    /// <inheritdoc />
    public string Name => "grid";

    /// <inheritdoc />
    public Candidate? Propose(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.GetState<Position>(this);
        if (state.Configs is null || !ReferenceEquals(state.Space, context.Space))
        {
            // (Re)start when the space changed (define-by-run discovered a parameter); taken keys are skipped.
            state.Configs?.Dispose();
            state.Space = context.Space;
            state.Configs = context.Space.EnumerateDistinct().GetEnumerator();
        }

        while (state.Configs.MoveNext())
        {
            var candidate = context.Resolve(state.Configs.Current);
            if (!context.IsTaken(candidate.Key))
            {
                return candidate;
            }
        }

        // The enumeration is done; a final full pass catches configs a changed space made reachable.
        return UntriedConfigs.FindByEnumeration(context);
    }

    private sealed class Position
    {
        public SearchSpace? Space { get; set; }

        public IEnumerator<int[]>? Configs { get; set; }
    }
}
