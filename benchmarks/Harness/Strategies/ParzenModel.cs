using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The density model of the TPE sampler: per parameter, l(x) from the best γ(n) = min(⌈0.1 n⌉, 25) scored trials
/// and g(x) from the rest (Parzen estimates over the parameter's values, only trials in which it was active).
/// </summary>
public sealed class ParzenModel
{
    private readonly double[][] _good;
    private readonly double[][] _bad;

    private ParzenModel(double[][] good, double[][] bad)
    {
        _good = good;
        _bad = bad;
    }

    /// <summary>The model of the study's scored trials, or null with fewer than two.</summary>
    public static ParzenModel? Fit(StrategyContext context)
    {
        var scored = context.Trials.Where(t => t.HasScore).ToList();
        if (scored.Count < 2)
        {
            return null;
        }

        var space = context.Space;
        var sorted = context.Direction == Direction.Minimize ? scored.OrderBy(t => t.Score).ToList() : scored.OrderByDescending(t => t.Score).ToList();
        int good = Math.Min((int)Math.Ceiling(0.1 * sorted.Count), 25);
        var observed = sorted.Select(t => (Genome: t.Genome, Active: t.Genome.Count == space.Count ? space.GetActive(t.Genome.ToArray()) : null)).ToList();
        var l = new double[space.Count][];
        var g = new double[space.Count][];
        for (int p = 0; p < space.Count; p++)
        {
            l[p] = Parzen(space, p, observed.Take(good));
            g[p] = Parzen(space, p, observed.Skip(good));
        }

        return new ParzenModel(l, g);
    }

    /// <summary>A genome drawn from l.</summary>
    public int[] Sample(Random random) => _good.Select(p => Draw(p, random)).ToArray();

    /// <summary>Σ log l(x)/g(x) over the candidate's active parameters: higher is more promising.</summary>
    public double Score(Candidate candidate)
    {
        double score = 0;
        for (int p = 0; p < _good.Length && p < candidate.Genome.Length; p++)
        {
            if (candidate.Active[p])
            {
                score += Math.Log(_good[p][candidate.Genome[p]]) - Math.Log(_bad[p][candidate.Genome[p]]);
            }
        }

        return score;
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
