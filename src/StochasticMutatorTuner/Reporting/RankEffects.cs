using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Reporting;

/// <summary>
/// ε² of score ranks per parameter, for the whole set of scored trials or for a bootstrap resample of it (a count
/// per trial), without sorting again: the trials are ordered by score once, and each parameter's ranks among the
/// trials where it is active are read off that order in one pass.
/// </summary>
/// <remarks>Not thread-safe (it reuses its buffers); cheap to create.</remarks>
internal sealed class RankEffects
{
    /// <summary>A parameter is judged on at least this many trials where it is active, else its ε² is 0.</summary>
    public const int MinimumTrials = 4;

    private readonly int[] _order;          // trial indices by score
    private readonly int[] _runEnd;         // per position in _order: the end (exclusive) of its run of equal scores
    private readonly int[][] _group;        // per parameter, per trial: the value's group, or -1 when inactive
    private readonly int[] _groupCount;     // per parameter: how many value groups
    private readonly double[] _rank;        // per trial: its rank for the parameter being measured
    private readonly double[] _groupSum = new double[16];
    private readonly double[] _groupWeight = new double[16];

    public RankEffects(IReadOnlyList<TrialRecord> scored, IReadOnlyList<string> parameters)
    {
        int n = scored.Count;
        var scores = scored.Select(t => t.Score!.Value).ToArray();
        _order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        _runEnd = new int[n];
        for (int i = n - 1; i >= 0; i--)
        {
            _runEnd[i] = i + 1 < n && scores[_order[i + 1]] == scores[_order[i]] ? _runEnd[i + 1] : i + 1;
        }

        _group = new int[parameters.Count][];
        _groupCount = new int[parameters.Count];
        for (int p = 0; p < parameters.Count; p++)
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            _group[p] = new int[n];
            for (int i = 0; i < n; i++)
            {
                _group[p][i] = scored[i].Params.TryGetValue(parameters[p], out var value)
                    ? ids.TryGetValue(ParamValues.Format(value), out int id) ? id : ids[ParamValues.Format(value)] = ids.Count
                    : -1;
            }

            _groupCount[p] = ids.Count;
        }

        _rank = new double[n];
        if (_groupCount.Length > 0 && _groupCount.Max() > _groupSum.Length)
        {
            _groupSum = new double[_groupCount.Max()];
            _groupWeight = new double[_groupCount.Max()];
        }
    }

    /// <summary>How many trials each parameter was active in (each trial once).</summary>
    public int ActiveTrials(int parameter) => _group[parameter].Count(g => g >= 0);

    /// <summary>
    /// ε² (epsilon squared: η² corrected for the variance groups explain by chance, so a parameter judged on a
    /// handful of trials, or with many values, does not look important by luck) of the score ranks grouped by the
    /// parameter's value, over the trials where it is active, each counted <paramref name="weights"/>[i] times.
    /// Ties share their mean rank. 0 with fewer than <see cref="MinimumTrials"/> trials or one observed value.
    /// </summary>
    public double EpsilonSquared(int parameter, ReadOnlySpan<int> weights)
    {
        var group = _group[parameter];
        double n = 0;
        for (int pos = 0; pos < _order.Length;)
        {
            int end = _runEnd[pos];
            double inRun = 0;
            for (int j = pos; j < end; j++)
            {
                int t = _order[j];
                if (group[t] >= 0)
                {
                    inRun += weights[t];
                }
            }

            double rank = n + (inRun + 1) / 2;
            for (int j = pos; j < end; j++)
            {
                _rank[_order[j]] = rank;
            }

            n += inRun;
            pos = end;
        }

        if (n < MinimumTrials)
        {
            return 0;
        }

        double mean = (n + 1) / 2; // the mean of ranks 1..n, ties included
        Array.Clear(_groupSum, 0, _groupCount[parameter]);
        Array.Clear(_groupWeight, 0, _groupCount[parameter]);
        double totalSquares = 0;
        for (int t = 0; t < group.Length; t++)
        {
            if (group[t] >= 0 && weights[t] > 0)
            {
                double d = _rank[t] - mean;
                totalSquares += weights[t] * d * d;
                _groupSum[group[t]] += weights[t] * _rank[t];
                _groupWeight[group[t]] += weights[t];
            }
        }

        int k = 0;
        double between = 0;
        for (int g = 0; g < _groupCount[parameter]; g++)
        {
            if (_groupWeight[g] > 0)
            {
                k++;
                double d = _groupSum[g] / _groupWeight[g] - mean;
                between += _groupWeight[g] * d * d;
            }
        }

        if (k < 2 || totalSquares <= 0)
        {
            return 0;
        }

        double within = totalSquares - between;
        double meanSquareWithin = n > k ? within / (n - k) : 0;
        return Math.Clamp((between - (k - 1) * meanSquareWithin) / totalSquares, 0, 1);
    }
}
