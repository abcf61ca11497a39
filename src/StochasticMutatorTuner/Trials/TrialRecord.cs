using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Trials;

/// <summary>An immutable snapshot of one trial, as stored.</summary>
/// <remarks>Thread-safe (immutable). A later state of the same trial is a new record.</remarks>
public sealed record TrialRecord
{
    /// <summary>The trial's number within its study, from 0, in reservation order.</summary>
    public required int Number { get; init; }

    /// <summary>The key of the config: equal keys are the same trial.</summary>
    public required ConfigKey Key { get; init; }

    /// <summary>One value index per parameter of this process's space (empty for a <see cref="IsForeign"/> trial).</summary>
    public required IReadOnlyList<int> Genome { get; init; }

    /// <summary>The active parameters and their values, in space order.</summary>
    public required IReadOnlyDictionary<string, object> Params { get; init; }

    /// <summary>Where the trial is in its lifecycle.</summary>
    public required TrialState State { get; init; }

    /// <summary>The objective's value; null while running, for failed and pruned trials, and for discarded ones.</summary>
    public double? Score { get; init; }

    /// <summary>Extra metrics the objective reported (e.g. accuracy, train loss).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = EmptyMetrics;

    /// <summary>Values reported per step (epoch), in report order.</summary>
    public IReadOnlyList<IntermediateValue> IntermediateValues { get; init; } = Array.Empty<IntermediateValue>();

    /// <summary>When the trial was reserved (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it reached a final state (UTC).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The last sign of life from its worker (UTC).</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>For failed trials: what went wrong, in words.</summary>
    public string? Error { get; init; }

    /// <summary>For failed trials: why, as a value a program can test (null for other states).</summary>
    public TrialFailureKind? FailureKind { get; init; }

    /// <summary>For pruned trials: the step the pruner stopped it at.</summary>
    public int? PrunedStep { get; init; }

    /// <summary>
    /// For pruned trials: true when it was paused at <see cref="PrunedStep"/> (its objective can resume from a
    /// checkpoint there) and no worker has promoted it yet; a promoted trial runs again from the next step.
    /// </summary>
    public bool Paused { get; init; }

    /// <summary>The worker that ran the trial.</summary>
    public string? WorkerId { get; init; }

    /// <summary>
    /// True when the trial holds a parameter or a value that this process's search space does not have (it was
    /// written by a worker running another version of the space). Such a trial is kept and counted (its key is
    /// taken) but never decoded into a typed config, never the best of this process's view and never a parent;
    /// its <see cref="Genome"/> is empty and <see cref="Params"/> holds the stored values as text.
    /// </summary>
    public bool IsForeign { get; init; }

    /// <summary>How long the trial may go without a heartbeat before any worker may fail it as stale.</summary>
    internal TimeSpan StaleAfter { get; init; }

    /// <summary>How many times the stored trial was written; a later state of the same trial has a higher version.</summary>
    internal long Version { get; init; }

    /// <summary>True for a complete trial with a finite score: the only trials that can be best.</summary>
    public bool HasScore => State == TrialState.Complete && Score is { } s && double.IsFinite(s);

    /// <summary>How long the trial took, once finished.</summary>
    public TimeSpan? Duration => FinishedAt - StartedAt;

    internal static readonly IReadOnlyDictionary<string, double> EmptyMetrics = new Dictionary<string, double>();
}
