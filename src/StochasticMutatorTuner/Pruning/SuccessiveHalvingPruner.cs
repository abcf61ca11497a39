using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Pruning;

/// <summary>
/// Asynchronous successive halving (ASHA), stopping variant: rungs sit at steps <c>FirstRung · η^k</c>, the first rung
/// being <see cref="MinResource"/> or half of the training (<see cref="MinResourceFraction"/>), whichever is later. When a
/// trial reaches a rung it continues only if its value there is among the best <c>1/η</c> of the values every trial
/// (any state, any worker) had when it reached that rung; otherwise it is pruned. It never waits for other trials.
/// </summary>
/// <remarks>
/// <para>Rungs are measured in reported steps: a trial reaches rung <c>R</c> with its first report at a step of at
/// least <c>R</c> (an objective that reports every second epoch still meets every rung), and that report's value is
/// its value at the rung.</para>
/// <para>Nothing is pruned until <see cref="StartupTrials"/> trials of the study are complete, before the first rung
/// (the grace period), or at a rung holding fewer than <see cref="MinTrialsPerRung"/>
/// values (with fewer, every trial goes on: Optuna prunes there instead, which stops most of the first trials). A
/// trial keeping up with the study's best trial's curve (<see cref="PruningContext.KeepsUpWithBest"/>) is never
/// pruned, and the engine never asks at a trial's last step.</para>
/// <para>A trial that can resume (<see cref="Tuning.TrialContext.Resumable"/>, with a checkpoint saved at the step it
/// is stopped at) is paused instead of stopped, and promoted — resumed from its checkpoint by the next free worker —
/// once enough worse values reached its rung (ASHA's promotion; docs/pause-and-promote.md). Any other trial stopped
/// at a rung is final.</para>
/// </remarks>
public sealed class SuccessiveHalvingPruner : IPruner
{
    private readonly int _minResource = 1;
    private readonly double _minResourceFraction = 0.5;
    private readonly int _reductionFactor = 3;
    private readonly int _startupTrials;
    private readonly int? _minTrialsPerRung;

    /// <summary>The first rung's step (e.g. epoch 1) at the least: the grace period before which nothing is pruned. Default 1; see <see cref="MinResourceFraction"/>.</summary>
    public int MinResource
    {
        get => _minResource;
        init => _minResource = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinResource), value, "MinResource must be at least 1.");
    }

    /// <summary>
    /// The first rung as a share of the trial's last step (<see cref="PruningContext.MaxStep"/>): the first rung is the
    /// larger of <see cref="MinResource"/> and ⌊<c>MinResourceFraction</c> · MaxStep⌋ (<see cref="FirstRung"/>).
    /// Default 0.5: on the pruning benchmark (docs/benchmarks.md, 1,000 seeds, 8 problems) a first rung at half the
    /// training was never significantly worse than no pruning at any compute budget on 7 problems, a quarter on 6 (it
    /// lost on the 20-epoch diabetes curves, which rank late), and from epoch 1 on 2 at most; the price is less compute
    /// saved where curves rank early (6-epoch CNN: 1.12× instead of 1.33×). In [0, 1).
    /// </summary>
    public double MinResourceFraction
    {
        get => _minResourceFraction;
        init => _minResourceFraction = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinResourceFraction), value, "MinResourceFraction must be at least 0 and below 1.");
    }

    /// <summary>η: each rung keeps the best 1/η and rungs are η times apart. Default 3.</summary>
    public int ReductionFactor
    {
        get => _reductionFactor;
        init => _reductionFactor = value >= 2 ? value : throw new ArgumentOutOfRangeException(nameof(ReductionFactor), value, "ReductionFactor must be at least 2.");
    }

    /// <summary>Complete trials the study needs before anything is pruned. Default 0.</summary>
    public int StartupTrials
    {
        get => _startupTrials;
        init => _startupTrials = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(StartupTrials), value, "StartupTrials cannot be negative.");
    }

    /// <summary>Values a rung needs (the deciding trial's included) before it decides anything; with fewer, every trial is promoted. Default η.</summary>
    public int? MinTrialsPerRung
    {
        get => _minTrialsPerRung;
        init => _minTrialsPerRung = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinTrialsPerRung), value, "MinTrialsPerRung must be at least 1.");
    }

    /// <inheritdoc />
    public bool ShouldPrune(PruningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int first = FirstRung(context.MaxStep);
        if (context.Step < first || context.CompleteCount() < StartupTrials)
        {
            return false;
        }

        // The rungs this report reaches: above the previous report's step, up to this one (usually one or none).
        var values = context.Trial.IntermediateValues;
        int previous = values.Count >= 2 ? values[^2].Step : 0;
        for (long rung = first; rung <= context.Step; rung *= ReductionFactor)
        {
            if (rung > previous && Loses(context, (int)rung))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first rung of a trial whose last step is <paramref name="maxStep"/> (null: unknown): the larger of <see cref="MinResource"/> and ⌊<see cref="MinResourceFraction"/> · maxStep⌋.</summary>
    public int FirstRung(int? maxStep) => Math.Max(MinResource, maxStep is { } max ? (int)Math.Floor(MinResourceFraction * max) : 0);

    /// <summary>True when <paramref name="step"/> is a rung of a trial whose last step is <paramref name="maxStep"/>: FirstRung · η^k.</summary>
    public bool IsRung(int step, int? maxStep = null)
    {
        for (long rung = FirstRung(maxStep); rung <= step; rung *= ReductionFactor)
        {
            if (rung == step)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value <paramref name="trial"/> had at rung <paramref name="rung"/>: its first finite report at a step of at least the rung, or null.</summary>
    public static double? ValueAtRung(TrialRecord trial, int rung)
    {
        ArgumentNullException.ThrowIfNull(trial);
        foreach (var v in trial.IntermediateValues)
        {
            if (v.Step >= rung)
            {
                return double.IsFinite(v.Value) ? v.Value : null;
            }
        }

        return null;
    }

    /// <summary>True when the trial's value is not among the best ⌊n/η⌋ (at least one) of the n values at the rung.</summary>
    private bool Loses(PruningContext context, int rung)
    {
        int n = 1;
        int better = 0;
        foreach (var t in context.Trials)
        {
            if (t.Number != context.Trial.Number && ValueAtRung(t, rung) is { } v)
            {
                n++;
                if (context.Direction.IsBetter(v, context.Value))
                {
                    better++;
                }
            }
        }

        if (n < (MinTrialsPerRung ?? ReductionFactor) || context.KeepsUpWithBest(context.Value))
        {
            return false;
        }

        return !Keeps(better, n);
    }

    /// <summary>The rung's bar: a value with <paramref name="better"/> of the rung's <paramref name="n"/> values (its own included) strictly better is among the best ⌊n/η⌋, at least one.</summary>
    internal bool Keeps(int better, int n) => better < Math.Max(1, n / ReductionFactor);

    /// <summary>
    /// The promotion half of ASHA's <c>get_job</c>, for pausing instead of stopping (docs/pause-and-promote.md): each
    /// paused trial (<see cref="TrialRecord.Paused"/>, not foreign) of <paramref name="trials"/> is paused at
    /// the highest rung at or below its pruned step, and is promotable while its value there passes the rung's bar
    /// (<see cref="Keeps"/>) among the values every trial of <paramref name="trials"/> has at that rung — the bar a
    /// trial reaching the rung meets, so it passes later only once worse values arrived. The highest rung first, then
    /// the best value, then the earliest trial; null when none is promotable. <paramref name="offered"/>, when given,
    /// says which paused trials may be handed out (the others still count with their values at the rungs).
    /// </summary>
    internal TrialRecord? NextPromotion(IReadOnlyList<TrialRecord> trials, int? maxStep, Direction direction, Func<TrialRecord, bool>? offered = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        double Key(double value) => direction == Direction.Minimize ? value : -value; // ascending: better first
        var paused = new List<(int Rung, double Key, TrialRecord Trial)>();
        foreach (var trial in trials)
        {
            if (trial is { State: TrialState.Pruned, Paused: true, IsForeign: false } && trial.PrunedStep is { } step && (offered is null || offered(trial))
                && PausedRung(step, maxStep) is { } rung && ValueAtRung(trial, rung) is { } value)
            {
                paused.Add((rung, Key(value), trial));
            }
        }

        // The highest rung first, the best value first, the earliest trial first. Within a rung the bar is monotone in
        // the value, so only the rung's best paused trial needs the rung's values: one pass over the trials per rung.
        foreach (var group in paused.GroupBy(p => p.Rung).OrderByDescending(g => g.Key))
        {
            var best = group.OrderBy(p => p.Key).ThenBy(p => p.Trial.Number).First();
            var atRung = new List<double>();
            foreach (var trial in trials)
            {
                if (ValueAtRung(trial, group.Key) is { } v)
                {
                    atRung.Add(Key(v));
                }
            }

            atRung.Sort();
            if (Keeps(SortedValues.CountBelow(atRung, best.Key), atRung.Count))
            {
                return best.Trial;
            }
        }

        return null;
    }

    /// <summary>The highest rung at or below <paramref name="step"/> (and below the last step), or null before the first rung.</summary>
    private int? PausedRung(int step, int? maxStep)
    {
        int? paused = null;
        for (long rung = FirstRung(maxStep); rung <= step && (maxStep is null || rung < maxStep); rung *= ReductionFactor)
        {
            paused = (int)rung;
        }

        return paused;
    }
}
