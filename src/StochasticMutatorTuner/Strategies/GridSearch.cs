using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// Exhaustive search over every distinct config in a fixed order (inactive parameters do not multiply the grid).
/// For small spaces; it ends with "space exhausted".
/// </summary>
public sealed class GridSearch : ISearchStrategy
{
    private IEnumerator<int[]>? _position;
    private SearchSpace? _space;

    /// <inheritdoc />
    public string Name => "grid";

    /// <inheritdoc />
    public Candidate? Propose(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_position is null || !ReferenceEquals(_space, context.Space))
        {
            // (Re)start when the space changed (define-by-run discovered a parameter); taken keys are skipped.
            _position?.Dispose();
            _space = context.Space;
            _position = context.Space.EnumerateDistinct().GetEnumerator();
        }

        while (_position.MoveNext())
        {
            var candidate = context.Resolve(_position.Current);
            if (!context.IsTaken(candidate.Key))
            {
                return candidate;
            }
        }

        // The enumeration is done; a final full pass catches configs a changed space made reachable.
        return UntriedConfigs.FindByEnumeration(context);
    }
}
