using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// Regularized (aging) evolution (Real et al., 2019), as a reference: the first <see cref="Population"/> trials are
/// random; after that the population is the <see cref="Population"/> most recent scored trials (so the oldest member
/// leaves as each child joins), a parent is the best of <see cref="Tournament"/> members drawn uniformly (with
/// replacement), and its child has its inactive parameters re-drawn and exactly one active parameter mutated
/// (<see cref="Mutation.MutateOne"/>: ordered ones one step, unordered ones a different value).
/// </summary>
/// <remarks>
/// A child whose key is taken is discarded and a new tournament is held; after <see cref="MaxAttempts"/> discarded
/// children, any untried config. Needs the study's trials (<see cref="StrategyContext.HasTrials"/>).
/// </remarks>
public sealed class RegularizedEvolution : ISearchStrategy
{
    public string Name => "regularized-evolution";

    public int Population { get; init; } = 20;

    public int Tournament { get; init; } = 5;

    public int MaxAttempts { get; init; } = 256;

    public Candidate? Propose(StrategyContext context)
    {
        var population = Members(context.Trials, Population);
        if (context.TrialCount < Population || population.Count == 0)
        {
            return UntriedConfigs.FindRandom(context);
        }

        var random = context.Random;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var parent = population[random.Next(population.Count)];
            for (int i = 1; i < Tournament; i++)
            {
                var rival = population[random.Next(population.Count)];
                if (context.Direction.IsBetter(rival.Score!.Value, parent.Score!.Value))
                {
                    parent = rival;
                }
            }

            var child = MutateOnce(context, parent.Genome);
            if (child is not null && !context.IsTaken(child.Key))
            {
                return child;
            }
        }

        return UntriedConfigs.FindRandom(context);
    }

    /// <summary>The <paramref name="size"/> most recent trials with a score, oldest first.</summary>
    internal static List<TrialRecord> Members(IReadOnlyList<TrialRecord> trials, int size)
    {
        var members = new List<TrialRecord>(size);
        for (int i = trials.Count - 1; i >= 0 && members.Count < size; i--)
        {
            if (trials[i].HasScore)
            {
                members.Add(trials[i]);
            }
        }

        members.Reverse();
        return members;
    }

    private static Candidate? MutateOnce(StrategyContext context, IReadOnlyList<int> parent)
    {
        var random = context.Random;
        var current = context.Resolve(parent.ToArray());
        var genome = current.Genome;
        var space = context.Space;
        var mutable = new List<int>();
        for (int i = 0; i < genome.Length; i++)
        {
            if (!current.Active[i])
            {
                genome[i] = random.Next(space.Parameters[i].Values.Count);
            }
            else if (space.Parameters[i].Values.Count > 1)
            {
                mutable.Add(i);
            }
        }

        if (mutable.Count == 0)
        {
            return null;
        }

        Mutation.MutateOne(space, genome, mutable[random.Next(mutable.Count)], random);
        return context.Resolve(genome);
    }
}
