using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// The stochastic random mutator ("StoRM"): after <see cref="InitRandom"/> random trials, every candidate is the
/// best complete trial mutated along a random number of active axes.
/// </summary>
/// <remarks>
/// <para>One proposal, exactly as the classic algorithm:</para>
/// <list type="number">
/// <item>While the study has fewer than <see cref="InitRandom"/> trials that were not pruned (running, complete or
/// failed: a pruned trial says only that its config started badly, so it does not use up the random start), or no
/// complete trial with a finite score, draw an untried config uniformly at random.</item>
/// <item>Otherwise copy the best trial's genome and re-draw its inactive parameters at random (so a parameter a
/// mutation switches on is not biased toward a stale value).</item>
/// <item>Mutate one active parameter chosen at random (among those with two or more values): ordered ones move
/// one step, unordered ones take a different value. With probability <see cref="RandomizeAxisFactor"/> mutate
/// once more, and repeat. Activity is re-evaluated after every mutation.</item>
/// <item>A candidate whose key the study already has (running, complete, failed or pruned) is discarded and the
/// draw restarts from the best.</item>
/// </list>
/// <para>Widening, so the search always ends: after <see cref="AttemptsPerLevel"/> discarded draws, every draw
/// gets one more mutation than the geometric law gives (level 1), then two more, and so on up to the number of
/// parameters; then any untried config (<see cref="UntriedConfigs.FindRandom"/>); when there is none, the
/// space is exhausted and <see cref="Propose"/> returns null.</para>
/// </remarks>
public sealed class StochasticMutator : ISearchStrategy
{
    private int _initRandom = 10;
    private double _randomizeAxisFactor = 0.5;
    private int _attemptsPerLevel = 32;

    /// <inheritdoc />
    public string Name => "storm";

    /// <summary>How many trials are drawn at random before mutation starts (pruned ones do not count). Default 10.</summary>
    public int InitRandom
    {
        get => _initRandom;
        init => _initRandom = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(InitRandom), value, "InitRandom cannot be negative.");
    }

    /// <summary>The probability of each further mutation in one step, in [0, 1). Default 0.5.</summary>
    public double RandomizeAxisFactor
    {
        get => _randomizeAxisFactor;
        init => _randomizeAxisFactor = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(RandomizeAxisFactor), value, "RandomizeAxisFactor must be at least 0 and below 1.");
    }

    /// <summary>How many discarded draws make the mutator widen by one mutation. Default 32.</summary>
    public int AttemptsPerLevel
    {
        get => _attemptsPerLevel;
        init => _attemptsPerLevel = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(AttemptsPerLevel), value, "AttemptsPerLevel must be at least 1.");
    }

    /// <inheritdoc />
    public Candidate? Propose(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var best = context.Best;
        if (context.TrialCount - context.PrunedCount < InitRandom || best is null)
        {
            return UntriedConfigs.FindRandom(context);
        }

        int maxLevel = context.Space.Count;
        var draft = context.Draft;
        for (int level = 0; level <= maxLevel; level++)
        {
            for (int attempt = 0; attempt < AttemptsPerLevel; attempt++)
            {
                if (!MutateFrom(context, draft, best.Genome, level))
                {
                    // Nothing in the best config can change: only other configs remain.
                    return UntriedConfigs.FindRandom(context);
                }

                var key = draft.Key;
                if (!context.IsTaken(key))
                {
                    return draft.ToCandidate(key);
                }
            }
        }

        return UntriedConfigs.FindRandom(context);
    }

    /// <summary>
    /// One draw into <paramref name="draft"/>: the best genome with inactive parameters re-drawn and
    /// <c>DrawCount + extraMutations</c> mutations of active parameters. False when no active parameter can change.
    /// </summary>
    internal bool MutateFrom(StrategyContext context, Draft draft, IReadOnlyList<int> bestGenome, int extraMutations)
    {
        var random = context.Random;

        // Resolve first: a define-by-run space may grow here, so the space is read after it.
        draft.Start(bestGenome);
        var space = context.Space;
        var genome = draft.Genome;
        var active = draft.Active;
        for (int i = 0; i < genome.Length; i++)
        {
            if (!active[i])
            {
                // In place: inactive values neither change activity nor the key, so the draft stays resolved.
                genome[i] = random.Next(space.Parameters[i].Values.Count);
            }
        }

        int mutations = Mutation.DrawCount(RandomizeAxisFactor, random) + extraMutations;
        Span<int> mutable = genome.Length <= 256 ? stackalloc int[genome.Length] : new int[genome.Length];
        for (int m = 0; m < mutations; m++)
        {
            genome = draft.Genome;
            active = draft.Active;
            space = context.Space;
            int count = 0;
            for (int i = 0; i < genome.Length; i++)
            {
                if (active[i] && space.Parameters[i].Values.Count > 1)
                {
                    mutable[count++] = i;
                }
            }

            if (count == 0)
            {
                return m > 0;
            }

            Mutation.MutateOne(space, genome, mutable[random.Next(count)], random);
            draft.Resolve();
        }

        return true;
    }
}
