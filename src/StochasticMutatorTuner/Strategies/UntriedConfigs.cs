using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// Finds a config the study has not tried, or proves there is none. Shared by every strategy as the last
/// resort, so that a search always ends.
/// </summary>
public static class UntriedConfigs
{
    /// <summary>How many random draws to try before enumerating the space.</summary>
    public const int RandomAttempts = 256;

    /// <summary>Spaces up to this many distinct configs are enumerated to pick uniformly among untried ones.</summary>
    public const double UniformPickLimit = 1_000_000;

    /// <summary>
    /// A random untried candidate: first by rejection sampling, then (when the space is nearly exhausted) by
    /// enumerating it. Null when every distinct config has been tried.
    /// </summary>
    public static Candidate? FindRandom(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var draft = context.Draft;
        for (int attempt = 0; attempt < RandomAttempts; attempt++)
        {
            draft.StartRandom();
            var key = draft.Key;
            if (!context.IsTaken(key))
            {
                return draft.ToCandidate(key);
            }
        }

        return FindByEnumeration(context);
    }

    /// <summary>
    /// Enumerates the space's distinct configs: picks one untried uniformly when the space is small enough,
    /// else the first untried one. Null when there is none.
    /// </summary>
    public static Candidate? FindByEnumeration(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        bool uniform = context.Space.DistinctConfigCount <= UniformPickLimit;
        Candidate? chosen = null;
        int seen = 0;
        foreach (var genome in context.Space.EnumerateDistinct())
        {
            var candidate = context.Resolve(genome);
            if (context.IsTaken(candidate.Key))
            {
                continue;
            }

            if (!uniform)
            {
                return candidate;
            }

            // Reservoir sampling: each untried config ends up chosen with equal probability.
            seen++;
            if (context.Random.Next(seen) == 0)
            {
                chosen = candidate;
            }
        }

        return chosen;
    }
}
