using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// How a trial ended. The factories hold the lifecycle rules (a complete trial's score is finite or none; only a
/// failed trial has a failure kind; only a pruned one a step), so every storage stores what it is given.
/// </summary>
public sealed record TrialOutcome
{
    private TrialOutcome(TrialState state, DateTimeOffset finishedAt, IReadOnlyDictionary<string, double>? metrics)
    {
        State = state;
        FinishedAt = finishedAt;
        Metrics = metrics ?? TrialRecord.EmptyMetrics;
    }

    /// <summary>The final state.</summary>
    public TrialState State { get; }

    /// <summary>The score of a complete trial; null means discarded (never best, never retried).</summary>
    public double? Score { get; private init; }

    /// <summary>Extra metrics.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Why a failed trial failed.</summary>
    public TrialFailureKind? FailureKind { get; private init; }

    /// <summary>What went wrong, in words (failed trials).</summary>
    public string? Error { get; private init; }

    /// <summary>The step a pruned trial was stopped at.</summary>
    public int? PrunedStep { get; private init; }

    /// <summary>True for a pruned trial that was paused at <see cref="PrunedStep"/>: it may be promoted (claimed and resumed) later.</summary>
    public bool Paused { get; private init; }

    /// <summary>When it ended (UTC).</summary>
    public DateTimeOffset FinishedAt { get; }

    /// <summary>An evaluated trial; a null, NaN or infinite score is stored as none (the config is discarded).</summary>
    public static TrialOutcome Complete(double? score, IReadOnlyDictionary<string, double>? metrics, DateTimeOffset finishedAt) =>
        new(TrialState.Complete, finishedAt, metrics) { Score = score is { } s && double.IsFinite(s) ? s : null };

    /// <summary>
    /// A trial a pruner stopped at <paramref name="step"/>; <paramref name="paused"/>: stopped so that it can resume
    /// from its checkpoint at that step when the pruner promotes it.
    /// </summary>
    public static TrialOutcome Pruned(int step, IReadOnlyDictionary<string, double>? metrics, DateTimeOffset finishedAt, bool paused = false) =>
        new(TrialState.Pruned, finishedAt, metrics) { PrunedStep = step, Paused = paused, Error = paused ? $"paused at step {step}" : $"pruned at step {step}" };

    /// <summary>A trial that failed for <paramref name="kind"/>, described by <paramref name="error"/>.</summary>
    public static TrialOutcome Failed(TrialFailureKind kind, string error, IReadOnlyDictionary<string, double>? metrics, DateTimeOffset finishedAt) =>
        new(TrialState.Failed, finishedAt, metrics) { FailureKind = kind, Error = error };
}
