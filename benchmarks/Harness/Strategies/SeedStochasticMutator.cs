using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The classic algorithm exactly as the seed's Python code (<c>Tuner._draw_config</c>) wrote it, as a reference:
/// after <see cref="InitRandom"/> random trials, copy the best config, re-draw its inactive parameters, then
/// repeatedly mutate a parameter chosen among <em>all</em> parameters (active or not): an ordered one moves to an
/// adjacent value, an unordered one takes a uniformly random value (possibly the same). After each mutation, with
/// probability <see cref="RandomizeAxisFactor"/> mutate again; otherwise stop, and if the key was tried, start over
/// from the best.
/// </summary>
/// <remarks>
/// Two deviations, both forced by the study: the random phase never repeats a tried config (the seed could draw
/// one twice; a study cannot store it), and after <see cref="MaxRestarts"/> start-overs it takes any untried
/// config (the seed would spin forever once everything reachable was tried).
/// </remarks>
public sealed class SeedStochasticMutator : ISearchStrategy
{
    public string Name => "storm-seed";

    public int InitRandom { get; init; } = 10;

    public double RandomizeAxisFactor { get; init; } = 0.5;

    public int MaxRestarts { get; init; } = 1000;

    public Candidate? Propose(StrategyContext context)
    {
        var best = context.Best;
        if (context.TrialCount < InitRandom || best is null)
        {
            return UntriedConfigs.FindRandom(context);
        }

        var random = context.Random;
        var space = context.Space;
        for (int restart = 0; restart < MaxRestarts; restart++)
        {
            var current = context.Resolve(best.Genome.ToArray());
            var genome = current.Genome;
            for (int i = 0; i < genome.Length; i++)
            {
                if (!current.Active[i])
                {
                    genome[i] = random.Next(space.Parameters[i].Values.Count);
                }
            }

            do
            {
                int p = random.Next(genome.Length);
                int count = space.Parameters[p].Values.Count;
                if (count > 1)
                {
                    genome[p] = space.Parameters[p].Ordered
                        ? genome[p] == 0 ? 1 : genome[p] == count - 1 ? count - 2 : genome[p] + (random.Next(2) == 0 ? -1 : 1)
                        : random.Next(count);
                }

                current = context.Resolve(genome);
                genome = current.Genome;
            }
            while (random.NextDouble() < RandomizeAxisFactor);

            if (!context.IsTaken(current.Key))
            {
                return current;
            }
        }

        return UntriedConfigs.FindRandom(context);
    }
}
