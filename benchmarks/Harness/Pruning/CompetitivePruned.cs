using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// Which pruned trials were competitive where they stopped: a pruned trial whose last reported value (at its
/// pruned step s) is among the best ⌊q · n⌋ (at least one) of the n values the finished trials reported at s —
/// itself included, every state, ties counted in its favour. Kept incrementally (a sorted list of values per step),
/// so asking costs a binary search per pruned trial, and judged when asked: later trials that reach s move the bar.
/// </summary>
/// <remarks>Not thread-safe. Running trials are not counted (in the replay none is running when it is asked).</remarks>
public sealed class CompetitivePruned
{
    private readonly Dictionary<int, List<double>> _byStep = new();
    private readonly List<TrialRecord> _pruned = new();
    private readonly HashSet<int> _seen = new();
    private readonly Direction _direction;

    /// <summary>Creates an empty record for a study optimised in <paramref name="direction"/>.</summary>
    public CompetitivePruned(Direction direction) => _direction = direction;

    /// <summary>Takes in a finished trial's reports (once; running trials are ignored).</summary>
    public void Add(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.State == TrialState.Running || !_seen.Add(trial.Number))
        {
            return;
        }

        foreach (var v in trial.IntermediateValues)
        {
            if (!double.IsFinite(v.Value))
            {
                continue;
            }

            if (!_byStep.TryGetValue(v.Step, out var sorted))
            {
                _byStep[v.Step] = sorted = new List<double>();
            }

            double key = Key(v.Value);
            sorted.Insert(SortedValues.CountBelow(sorted, key), key);
        }

        if (trial.State == TrialState.Pruned && trial.IntermediateValues.Count > 0 && double.IsFinite(trial.IntermediateValues[^1].Value))
        {
            _pruned.Add(trial);
        }
    }

    /// <summary>
    /// The pruned trials competitive at fraction <paramref name="fraction"/> now, each with the share of values at
    /// its step that are strictly better than its own (0: the best there), in trial order.
    /// </summary>
    public List<(TrialRecord Trial, double Better)> Competitive(double fraction)
    {
        var result = new List<(TrialRecord, double)>();
        foreach (var trial in _pruned)
        {
            var last = trial.IntermediateValues[^1];
            var sorted = _byStep[last.Step];
            int better = SortedValues.CountBelow(sorted, Key(last.Value));
            if (better < Math.Max(1, (int)Math.Floor(fraction * sorted.Count)))
            {
                result.Add((trial, (double)better / sorted.Count));
            }
        }

        return result;
    }

    private double Key(double value) => _direction == Direction.Minimize ? value : -value;
}
