using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A tree-structured Parzen estimator for choice spaces (independent per parameter, like Optuna's default TPE), as a
/// reference: after <see cref="Startup"/> random trials the scored trials are split into the best
/// γ(n) = min(⌈0.1 n⌉, 25) ("good") and the rest; for each parameter, l(x) and g(x) are Parzen estimates over
/// its values from the good and the other trials in which it was active (a uniform prior of weight 1; an ordered
/// parameter's kernel spreads to neighbouring values with a Gaussian of one index, an unordered one's is one-hot).
/// <see cref="Candidates"/> genomes are drawn from l and the untried one with the largest Σ log l(x)/g(x) over its
/// active parameters is proposed.
/// </summary>
/// <remarks>When every drawn candidate is taken (a nearly exhausted space), any untried config. Needs the study's trials.</remarks>
public sealed class TpeSampler : ISearchStrategy
{
    public string Name => "tpe";

    public int Startup { get; init; } = 10;

    public int Candidates { get; init; } = 24;

    public Candidate? Propose(StrategyContext context)
    {
        var scored = context.Trials.Where(t => t.HasScore).ToList();
        if (context.TrialCount < Startup || scored.Count < 2)
        {
            return UntriedConfigs.FindRandom(context);
        }

        var space = context.Space;
        var sorted = context.Direction == Tuning.Direction.Minimize ? scored.OrderBy(t => t.Score).ToList() : scored.OrderByDescending(t => t.Score).ToList();
        int good = Math.Min((int)Math.Ceiling(0.1 * sorted.Count), 25);
        var observed = sorted.Select(t => (Genome: t.Genome, Active: t.Genome.Count == space.Count ? space.GetActive(t.Genome.ToArray()) : null)).ToList();
        var l = new double[space.Count][];
        var g = new double[space.Count][];
        for (int p = 0; p < space.Count; p++)
        {
            l[p] = Parzen(space, p, observed.Take(good));
            g[p] = Parzen(space, p, observed.Skip(good));
        }

        var random = context.Random;
        for (int round = 0; round < 8; round++)
        {
            Candidate? chosen = null;
            double chosenScore = double.NegativeInfinity;
            for (int c = 0; c < Candidates; c++)
            {
                var genome = new int[space.Count];
                for (int p = 0; p < space.Count; p++)
                {
                    genome[p] = Draw(l[p], random);
                }

                var candidate = context.Resolve(genome);
                if (context.IsTaken(candidate.Key))
                {
                    continue;
                }

                double score = 0;
                for (int p = 0; p < space.Count; p++)
                {
                    if (candidate.Active[p])
                    {
                        score += Math.Log(l[p][candidate.Genome[p]]) - Math.Log(g[p][candidate.Genome[p]]);
                    }
                }

                if (score > chosenScore)
                {
                    (chosen, chosenScore) = (candidate, score);
                }
            }

            if (chosen is not null)
            {
                return chosen;
            }
        }

        return UntriedConfigs.FindRandom(context);
    }

    /// <summary>A probability per value of parameter <paramref name="p"/>: the prior plus one kernel per trial where it was active.</summary>
    private static double[] Parzen(SearchSpace space, int p, IEnumerable<(IReadOnlyList<int> Genome, bool[]? Active)> trials)
    {
        var parameter = space.Parameters[p];
        int count = parameter.Values.Count;
        var counts = new double[count];
        int observed = 0;
        foreach (var trial in trials)
        {
            if (trial.Active is not null && trial.Active[p])
            {
                counts[trial.Genome[p]]++;
                observed++;
            }
        }

        // Uniform prior of weight 1; each observation adds a kernel of weight 1 (Gaussian over neighbouring
        // indices for ordered parameters, one-hot for unordered ones), applied to the counts at once.
        var weights = Enumerable.Repeat(1.0 / count, count).ToArray();
        for (int value = 0; value < count; value++)
        {
            if (counts[value] == 0)
            {
                continue;
            }

            if (!parameter.Ordered)
            {
                weights[value] += counts[value];
                continue;
            }

            double sum = 0;
            for (int v = 0; v < count; v++)
            {
                sum += Math.Exp(-0.5 * (v - value) * (v - value));
            }

            for (int v = 0; v < count; v++)
            {
                weights[v] += counts[value] * Math.Exp(-0.5 * (v - value) * (v - value)) / sum;
            }
        }

        for (int v = 0; v < count; v++)
        {
            weights[v] /= 1 + observed;
        }

        return weights;
    }

    private static int Draw(double[] probabilities, Random random)
    {
        double u = random.NextDouble();
        for (int v = 0; v < probabilities.Length - 1; v++)
        {
            u -= probabilities[v];
            if (u < 0)
            {
                return v;
            }
        }

        return probabilities.Length - 1;
    }
}
