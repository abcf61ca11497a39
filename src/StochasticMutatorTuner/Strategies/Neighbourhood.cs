using System.Runtime.CompilerServices;
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
        return Propose(context, parent, null, factor, attemptsPerLevel);
    }

    /// <summary><see cref="Propose(StrategyContext, Func{IReadOnlyList{int}}, double, int)"/> from one parent for every draw (no delegate to allocate and call).</summary>
    internal static Candidate? Propose(StrategyContext context, IReadOnlyList<int> parentGenome, double factor, int attemptsPerLevel) =>
        Propose(context, null, parentGenome, factor, attemptsPerLevel);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Candidate? Propose(StrategyContext context, Func<IReadOnlyList<int>>? parent, IReadOnlyList<int>? parentGenome, double factor, int attemptsPerLevel)
    {
        int maxLevel = context.Space.Count;
        var draft = context.Draft;
        for (int level = 0; level <= maxLevel; level++)
        {
            for (int attempt = 0; attempt < attemptsPerLevel; attempt++)
            {
                if (!MutateFrom(context, draft, parentGenome ?? parent!(), factor, level))
                {
                    // Nothing in the parent can change: only other configs remain.
                    return UntriedConfigs.FindRandom(context);
                }

                if (draft.IsKnownTaken())
                {
                    continue; // the study had this config when it was drawn before, and a study never forgets one
                }

                var key = draft.Key;
                if (!context.IsTaken(key))
                {
                    return draft.ToCandidate(key);
                }

                draft.RememberTaken(key);
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
        var draft = context.Draft;
        return MutateFrom(context, draft, parentGenome, factor, extraMutations) ? draft.ToCandidate(draft.Key) : null;
    }

    /// <summary>
    /// One draw into <paramref name="draft"/> (its buffers are reused: a proposal may discard hundreds of draws);
    /// false when no active parameter can change.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MutateFrom(StrategyContext context, Draft draft, IReadOnlyList<int> parentGenome, double factor, int extraMutations)
    {
        var random = context.Random;

        // Resolve first: a define-by-run space may grow here, so the space is read after it.
        draft.Start(parentGenome);
        var space = context.Space;
        var genome = draft.Genome;
        var active = draft.Active;
        var counts = space.ValueCounts;
        if (draft.HasParentLists)
        {
            // The parent's inactive parameters, listed once per parent: the same ones, in the same order, as the loop below.
            foreach (int i in draft.ParentInactive)
            {
                genome[i] = SeededRandom.Draw(random, counts[i]);
            }
        }
        else
        {
            for (int i = 0; i < genome.Length; i++)
            {
                if (!active[i])
                {
                    // In place: inactive values neither change activity nor the key, so the draft stays resolved.
                    genome[i] = SeededRandom.Draw(random, counts[i]);
                }
            }
        }

        int mutations = Mutation.DrawCount(factor, random) + extraMutations;
        Span<int> mutable = genome.Length <= 256 ? stackalloc int[genome.Length] : new int[genome.Length];
        for (int m = 0; m < mutations; m++)
        {
            scoped ReadOnlySpan<int> choices;
            if (draft.HasParentLists)
            {
                // A fixed space, activity as the parent's: the same buffers and space as above, and the same list the
                // loop below would build.
                choices = draft.ParentMutable;
            }
            else
            {
                genome = draft.Genome;
                active = draft.Active;
                space = context.Space;
                counts = space.ValueCounts;
                int count = 0;
                for (int i = 0; i < genome.Length; i++)
                {
                    if (active[i] && counts[i] > 1)
                    {
                        mutable[count++] = i;
                    }
                }

                choices = mutable[..count];
            }

            if (choices.Length == 0)
            {
                return m > 0;
            }

            int index = choices[SeededRandom.Draw(random, choices.Length)];
            Mutation.MutateOne(space, genome, index, random);
            draft.Resolve(index);
        }

        return true;
    }
}
