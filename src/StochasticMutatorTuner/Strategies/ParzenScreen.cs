using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// A tree-structured Parzen estimator (TPE) of one study's scored trials, kept up to date incrementally so a
/// proposal costs microseconds however large the study is. Per parameter, l(x) is estimated from the best
/// γ(n) = min(⌈0.1 n⌉, 25) trials and g(x) from the rest, over the trials in which the parameter was active, with a
/// uniform prior of weight 1; an ordered parameter's kernel spreads to neighbouring values (a Gaussian of one index),
/// an unordered one's is one-hot. A candidate is rated by Σ log l(x)/g(x) over its active parameters.
/// </summary>
/// <remarks>Not thread-safe: the owner locks it.</remarks>
internal sealed class ParzenScreen
{
    private const int MaxGood = 25;

    private readonly List<Entry> _sorted = new();
    private readonly Dictionary<int, TrialState> _seen = new(); // the state each trial was taken in: a promoted trial is taken again when it finishes
    private SearchSpace? _space;
    private int[][] _counts = Array.Empty<int[]>();
    private int _cursor;

    /// <summary>Takes in the finished trials of <paramref name="trials"/> (the study's list, by number) not seen yet.</summary>
    public void CatchUp(StrategyContext context, IReadOnlyList<TrialRecord> trials)
    {
        Reset(context);
        for (int i = _cursor; i < trials.Count; i++)
        {
            Add(context, trials[i]);
        }

        while (_cursor < trials.Count && _seen.ContainsKey(trials[_cursor].Number))
        {
            _cursor++;
        }
    }

    /// <summary>Takes in one finished trial (once per state: a paused trial is taken again when, promoted, it finishes; running trials are left for later).</summary>
    public void Add(StrategyContext context, TrialRecord trial)
    {
        Reset(context);
        if (trial.State == TrialState.Running || trial.IsForeign || (_seen.TryGetValue(trial.Number, out var state) && state == trial.State))
        {
            return;
        }

        _seen[trial.Number] = trial.State;
        if (!trial.HasScore)
        {
            return; // a scored (complete) trial never changes again, so none is taken twice
        }

        var genome = new int[_space!.Count];
        var active = new bool[_space.Count];
        for (int i = 0; i < genome.Length && i < trial.Genome.Count; i++)
        {
            genome[i] = trial.Genome[i];
        }

        if (trial.Genome.Count == _space.Count)
        {
            _space.GetActive(genome, active);
        }

        var entry = new Entry(trial.Score!.Value, trial.Number, genome, active);
        int at = _sorted.BinarySearch(entry, new Order(context.Direction));
        _sorted.Insert(at < 0 ? ~at : at, entry);
        for (int p = 0; p < genome.Length; p++)
        {
            if (active[p])
            {
                _counts[p][genome[p]]++;
            }
        }
    }

    /// <summary>The rating of candidates under the current model, or null with fewer than two scored trials.</summary>
    public Func<Candidate, double>? Rater()
    {
        if (_space is null || _sorted.Count < 2)
        {
            return null;
        }

        int good = Math.Min((int)Math.Ceiling(0.1 * _sorted.Count), MaxGood);
        var goodCounts = _counts.Select(c => new int[c.Length]).ToArray();
        for (int i = 0; i < good; i++)
        {
            var entry = _sorted[i];
            for (int p = 0; p < entry.Genome.Length; p++)
            {
                if (entry.Active[p])
                {
                    goodCounts[p][entry.Genome[p]]++;
                }
            }
        }

        var logRatio = new double[_counts.Length][];
        for (int p = 0; p < _counts.Length; p++)
        {
            var otherCounts = _counts[p].Zip(goodCounts[p], (all, g) => all - g).ToArray();
            var l = Density(goodCounts[p], _space.Parameters[p].Ordered);
            var g2 = Density(otherCounts, _space.Parameters[p].Ordered);
            logRatio[p] = l.Zip(g2, (a, b) => Math.Log(a) - Math.Log(b)).ToArray();
        }

        return candidate =>
        {
            double rating = 0;
            for (int p = 0; p < logRatio.Length && p < candidate.Genome.Length; p++)
            {
                if (candidate.Active[p])
                {
                    rating += logRatio[p][candidate.Genome[p]];
                }
            }

            return rating;
        };
    }

    /// <summary>
    /// The Parzen estimate from value counts: a uniform prior of weight 1 plus one kernel of weight 1 per observation
    /// (a Gaussian of one index over neighbouring values for ordered parameters, one-hot for unordered ones).
    /// </summary>
    internal static double[] Density(int[] counts, bool ordered)
    {
        int k = counts.Length;
        var weights = new double[k];
        Array.Fill(weights, 1.0 / k);
        var kernel = ordered ? OrderedKernel.Of(k) : null;
        int observed = 0;
        for (int value = 0; value < k; value++)
        {
            if (counts[value] == 0)
            {
                continue;
            }

            observed += counts[value];
            if (kernel is null)
            {
                weights[value] += counts[value];
                continue;
            }

            double sum = kernel.Sums[value];
            for (int v = 0; v < k; v++)
            {
                weights[v] += counts[value] * kernel.Gauss[Math.Abs(v - value)] / sum;
            }
        }

        for (int v = 0; v < k; v++)
        {
            weights[v] /= 1 + observed;
        }

        return weights;
    }

    /// <summary>Starts over when the space changed (a define-by-run space grew): the counts are per parameter and value.</summary>
    private void Reset(StrategyContext context)
    {
        if (ReferenceEquals(_space, context.Space))
        {
            return;
        }

        _space = context.Space;
        _sorted.Clear();
        _seen.Clear();
        _cursor = 0;
        _counts = _space.Parameters.Select(p => new int[p.Values.Count]).ToArray();
    }

    private sealed record Entry(double Score, int Number, int[] Genome, bool[] Active);

    /// <summary>Best first by the study's direction; equal scores by trial number.</summary>
    private sealed class Order(Direction direction) : IComparer<Entry>
    {
        public int Compare(Entry? x, Entry? y)
        {
            int byScore = x!.Score.CompareTo(y!.Score);
            return byScore != 0 ? (direction == Direction.Minimize ? byScore : -byScore) : x.Number.CompareTo(y.Number);
        }
    }
}
