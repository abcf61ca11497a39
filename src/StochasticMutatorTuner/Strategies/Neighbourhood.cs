using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// The mutation search every mutating strategy shares: copy a parent, re-draw its inactive parameters, mutate a
/// geometric number of active ones, and retry until the key is untried, widening so the search always ends.
/// </summary>
public static class Neighbourhood
{
    /// <summary>
    /// An untried candidate near the genomes <paramref name="parent"/> returns (asked once per draw, so a strategy
    /// may pick a new parent each time), or null when the space is exhausted. After
    /// <paramref name="attemptsPerLevel"/> taken draws every draw gets one more mutation than the geometric law
    /// gives (level 1), then two more, up to the number of parameters; then any untried config.
    /// </summary>
    public static Candidate? Propose(StrategyContext context, Func<IReadOnlyList<int>> parent, double factor, int attemptsPerLevel)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parent);
        int maxLevel = context.Space.Count;
        for (int level = 0; level <= maxLevel; level++)
        {
            for (int attempt = 0; attempt < attemptsPerLevel; attempt++)
            {
                var candidate = MutateFrom(context, parent(), factor, level);
                if (candidate is null)
                {
                    // Nothing in the parent can change: only other configs remain.
                    return UntriedConfigs.FindRandom(context);
                }

                if (!context.IsTaken(candidate.Key))
                {
                    return candidate;
                }
            }
        }

        return UntriedConfigs.FindRandom(context);
    }

    /// <summary>
    /// One draw: the parent genome with inactive parameters re-drawn and <c>DrawCount(factor) + extraMutations</c>
    /// mutations of active parameters, activity re-evaluated after each. Null when no active parameter can change.
    /// </summary>
    public static Candidate? MutateFrom(StrategyContext context, IReadOnlyList<int> parentGenome, double factor, int extraMutations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parentGenome);
        var random = context.Random;
        var start = new int[parentGenome.Count];
        for (int i = 0; i < start.Length; i++)
        {
            start[i] = parentGenome[i];
        }

        // Resolve first: a define-by-run space may grow here, so the space is read after it.
        var current = context.Resolve(start);
        var genome = current.Genome;
        var space = context.Space;
        for (int i = 0; i < genome.Length; i++)
        {
            if (!current.Active[i])
            {
                // In place: inactive values neither change activity nor the key, so `current` stays right.
                genome[i] = random.Next(space.Parameters[i].Values.Count);
            }
        }

        int mutations = Mutation.DrawCount(factor, random) + extraMutations;
        var mutable = new List<int>(genome.Length);
        for (int m = 0; m < mutations; m++)
        {
            genome = current.Genome;
            mutable.Clear();
            for (int i = 0; i < genome.Length; i++)
            {
                if (current.Active[i] && context.Space.Parameters[i].Values.Count > 1)
                {
                    mutable.Add(i);
                }
            }

            if (mutable.Count == 0)
            {
                return m == 0 ? null : current;
            }

            Mutation.MutateOne(context.Space, genome, mutable[random.Next(mutable.Count)], random);
            current = context.Resolve(genome);
        }

        return current;
    }
}
