using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

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
/// <para>With <see cref="RestartAfter"/> set (not the classic algorithm, which never restarts): once that many
/// trials have started since the best one without beating it, each candidate starts from the best of those recent
/// trials instead of the best overall, so the search leaves a best whose neighbourhood stopped paying (or that was a
/// lucky evaluation of a noisy objective); a new best brings it back.</para>
/// <para>With <see cref="Screening"/> above 1 (not the classic algorithm either): each proposal draws that many
/// candidates by the rules above and proposes the one whose active values a tree-structured Parzen estimator rates
/// most promising: per parameter, the density of its values among the best ⌈10 %⌉ (at most 25) scored trials over
/// their density among the others, with a uniform prior, ordered values smoothed over their neighbours. Every
/// proposal is still a classic mutation of the parent; the model only chooses among a few.</para>
/// </remarks>
public sealed class StochasticMutator : ISearchStrategy
{
    private int _initRandom = 10;
    private double _randomizeAxisFactor = 0.5;
    private int _attemptsPerLevel = DefaultAttemptsPerLevel;
    private int? _restartAfter;
    private int _screening = 1;

    /// <summary>The default of <see cref="AttemptsPerLevel"/>.</summary>
    public const int DefaultAttemptsPerLevel = 32;

    /// <inheritdoc />
    public string Name => (RestartAfter, Screening) switch
    {
        (null, 1) => "storm",
        (_, 1) => "storm-restart",
        (null, _) => "storm-screened",
        _ => "storm-restart-screened",
    };

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

    /// <summary>
    /// Null (default, the classic algorithm): always mutate the best. Otherwise: once this many trials have started
    /// since the best one, mutate the best of those recent trials instead (see the remarks).
    /// </summary>
    public int? RestartAfter
    {
        get => _restartAfter;
        init => _restartAfter = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(RestartAfter), value, "RestartAfter must be at least 1 (or null for never).");
    }

    /// <summary>
    /// 1 (default, the classic algorithm): propose the mutation drawn. Above 1: draw this many mutations (each
    /// untried, each by the classic rules) and propose the one a tree-structured Parzen estimator of the study's
    /// scored trials rates most promising (see the remarks).
    /// </summary>
    public int Screening
    {
        get => _screening;
        init => _screening = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Screening), value, "Screening must be at least 1.");
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

        var parent = best;
        if (RestartAfter is { } stall && context.TrialCount - 1 - best.Number >= stall)
        {
            parent = StudyHistory.BestSince(context, this, context.TrialCount - stall) ?? best;
        }

        var rate = Screening > 1 ? Rater(context) : null;
        if (rate is null)
        {
            return Neighbourhood.Propose(context, parent.Genome, RandomizeAxisFactor, AttemptsPerLevel);
        }

        Candidate? chosen = null;
        double chosenRating = double.NegativeInfinity;
        for (int i = 0; i < Screening; i++)
        {
            var candidate = Neighbourhood.Propose(context, parent.Genome, RandomizeAxisFactor, AttemptsPerLevel);
            if (candidate is null)
            {
                return null;
            }

            double rating = rate(candidate);
            if (rating > chosenRating)
            {
                (chosen, chosenRating) = (candidate, rating);
            }
        }

        return chosen;
    }

    /// <inheritdoc />
    public void OnTrialFinished(TrialRecord trial, StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(context);
        if (RestartAfter is not null)
        {
            StudyHistory.Remember(context, this, trial);
        }

        if (Screening > 1 && !context.HasTrials)
        {
            var screen = context.GetState<ParzenScreen>(this);
            lock (screen)
            {
                screen.Add(context, trial);
            }
        }
    }

    /// <summary>The study's Parzen model, brought up to date, as a rating of candidates (null while it knows too little).</summary>
    private Func<Candidate, double>? Rater(StrategyContext context)
    {
        var screen = context.GetState<ParzenScreen>(this);
        lock (screen)
        {
            if (context.HasTrials)
            {
                screen.CatchUp(context, context.Trials);
            }

            return screen.Rater();
        }
    }
}
