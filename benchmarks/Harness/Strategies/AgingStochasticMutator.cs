using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A candidate that lost (docs/benchmarks.md), kept so the result can be reproduced: the stochastic mutator with
/// each draw's parent the winner of a tournament of <see cref="Tournament"/> members drawn from the
/// <see cref="Population"/> most recent scored trials (an aging population, as regularized evolution has) instead
/// of the single best. Needs the study's trials.
/// </summary>
public sealed class AgingStochasticMutator : ISearchStrategy
{
    public string Name => "storm-aging";

    public int InitRandom { get; init; } = 10;

    public double RandomizeAxisFactor { get; init; } = 0.5;

    public int Population { get; init; } = 20;

    public int Tournament { get; init; } = 5;

    public Candidate? Propose(StrategyContext context)
    {
        var best = context.Best;
        if (context.TrialCount < InitRandom || best is null)
        {
            return UntriedConfigs.FindRandom(context);
        }

        var members = RegularizedEvolution.Members(context.Trials, Population);
        var random = context.Random;
        return Neighbourhood.Propose(context, () => Winner(members, random, context.Direction).Genome, RandomizeAxisFactor, StochasticMutator.DefaultAttemptsPerLevel);
    }

    private TrialRecord Winner(List<TrialRecord> members, Random random, Direction direction)
    {
        var winner = members[random.Next(members.Count)];
        for (int i = 1; i < Tournament; i++)
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
