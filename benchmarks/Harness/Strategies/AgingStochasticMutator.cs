using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The stochastic mutator with its parent drawn from an aging population instead of always the single best: after
/// <see cref="InitRandom"/> random trials, each draw's parent wins a tournament of <see cref="Tournament"/> members
/// drawn (with replacement) from the <see cref="Population"/> most recent scored trials; the child is mutated
/// exactly as <see cref="StochasticMutator"/> mutates the best (inactive parameters re-drawn, a geometric number of
/// active mutations with <see cref="RandomizeAxisFactor"/>, ordered parameters one step, unordered ones a different
/// value, taken keys discarded, widening until the space is exhausted).
/// </summary>
/// <remarks>
/// A candidate that lost (docs/benchmarks.md), kept in the harness so the result can be reproduced: a single lucky
/// evaluation of a noisy objective stays the best forever and the classic mutator keeps mutating it; in an aging
/// population it leaves after <see cref="Population"/> more trials. Needs the study's trials.
/// </remarks>
public sealed class AgingStochasticMutator : ISearchStrategy
{
    private readonly int _initRandom = 10;
    private readonly double _randomizeAxisFactor = 0.5;
    private readonly int _population = 20;
    private readonly int _tournament = 5;

    /// <inheritdoc />
    public string Name => "storm-aging";

    /// <summary>How many trials are drawn at random before mutation starts. Default 10.</summary>
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

    /// <summary>How many of the most recent scored trials parents are drawn from. Default 20.</summary>
    public int Population
    {
        get => _population;
        init => _population = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Population), value, "Population must be at least 1.");
    }

    /// <summary>How many members (drawn with replacement) compete to be a parent. Default 5.</summary>
    public int Tournament
    {
        get => _tournament;
        init => _tournament = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Tournament), value, "Tournament must be at least 1.");
    }

    /// <summary>When true, the best trial of the study always competes in every tournament. Default false.</summary>
    public bool Elitist { get; init; }

    /// <inheritdoc />
    public Candidate? Propose(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var best = context.Best;
        if (context.TrialCount < InitRandom || best is null)
        {
            return UntriedConfigs.FindRandom(context);
        }

        var members = RegularizedEvolution.Members(context.Trials, Population);
        if (members.Count == 0)
        {
            members.Add(best);
        }

        var random = context.Random;
        var direction = context.Direction;
        return Neighbourhood.Propose(context, () => Winner(members, Elitist ? best : null, random, direction).Genome, RandomizeAxisFactor, StochasticMutator.DefaultAttemptsPerLevel);
    }

    private TrialRecord Winner(List<TrialRecord> members, TrialRecord? best, Random random, Direction direction)
    {
        var winner = best ?? members[random.Next(members.Count)];
        for (int i = best is null ? 1 : 0; i < Tournament; i++)
        {
            var rival = members[random.Next(members.Count)];
            if (direction.IsBetter(rival.Score!.Value, winner.Score!.Value))
            {
                winner = rival;
            }
        }

        return winner;
    }
}
