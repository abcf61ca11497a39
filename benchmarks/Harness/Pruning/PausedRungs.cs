using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The replay's "promote" variant: ASHA's <c>get_job</c> for trials a <see cref="SuccessiveHalvingPruner"/> paused,
/// kept incrementally (the library's <c>SuccessiveHalvingPruner.NextPromotion</c> reads every trial each time; a test
/// checks both take the same trials).
/// Every rung below the last step keeps the values the trials had there (<see cref="SuccessiveHalvingPruner.ValueAtRung"/>,
/// any state, each trial once) and the trials paused at it. A paused trial is promotable while its value is among the
/// best ⌊n/η⌋ (at least one) of the rung's n values — itself included, ties in its favour: the bar the pruner puts a
/// trial reaching the rung to. <see cref="Next"/> takes the promotable trial of the highest rung, its best value
/// first (the earliest among equals), at most once per pause.
/// </summary>
/// <remarks>Not thread-safe; the replay has one worker, so no trial is running when it is asked.</remarks>
public sealed class PausedRungs
{
    private readonly SuccessiveHalvingPruner _pruner;
    private readonly int[] _rungs;
    private readonly List<double>[] _values;
    private readonly SortedSet<(double Value, int Number)>[] _paused;
    private readonly HashSet<(int Number, int Rung)> _recorded = new();

    /// <summary>The rungs of <paramref name="pruner"/> for trials whose last step is <paramref name="maxStep"/> (minimizing).</summary>
    public PausedRungs(SuccessiveHalvingPruner pruner, int maxStep)
    {
        _pruner = pruner ?? throw new ArgumentNullException(nameof(pruner));
        var rungs = new List<int>();
        for (long rung = pruner.FirstRung(maxStep); rung < maxStep; rung *= pruner.ReductionFactor)
        {
            rungs.Add((int)rung);
        }

        _rungs = rungs.ToArray();
        _values = _rungs.Select(_ => new List<double>()).ToArray();
        _paused = _rungs.Select(_ => new SortedSet<(double, int)>()).ToArray();
    }

    /// <summary>The rungs, lowest first: FirstRung · η^k below the last step.</summary>
    public IReadOnlyList<int> Rungs => _rungs;

    /// <summary>Trials taken by <see cref="Next"/> so far.</summary>
    public int Promotions { get; private set; }

    /// <summary>Takes in a finished trial's values at the rungs it newly reached, and, if it is pruned, pauses it at the highest rung it reached.</summary>
    public void Add(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        for (int r = 0; r < _rungs.Length; r++)
        {
            if (_recorded.Contains((trial.Number, r)) || !trial.IntermediateValues.Any(v => v.Step >= _rungs[r]))
            {
                continue;
            }

            _recorded.Add((trial.Number, r));
            if (SuccessiveHalvingPruner.ValueAtRung(trial, _rungs[r]) is { } value)
            {
                _values[r].Insert(SortedValues.CountBelow(_values[r], value), value);
            }
        }

        if (trial.State == TrialState.Pruned && trial.PrunedStep is { } step && Array.FindLastIndex(_rungs, rung => rung <= step) is var at and >= 0
            && SuccessiveHalvingPruner.ValueAtRung(trial, _rungs[at]) is { } paused)
        {
            _paused[at].Add((paused, trial.Number));
        }
    }

    /// <summary>The paused trial to resume now (taken out: promoted once per pause), or null when none is promotable.</summary>
    public int? Next()
    {
        for (int r = _rungs.Length - 1; r >= 0; r--)
        {
            if (_paused[r].Count > 0 && _paused[r].Min is var (value, number)
                && _pruner.Keeps(SortedValues.CountBelow(_values[r], value), _values[r].Count))
            {
                _paused[r].Remove((value, number));
                Promotions++;
                return number;
            }
        }

        return null;
    }
}
