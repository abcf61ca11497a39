using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Trials;

/// <summary>An immutable snapshot of one trial, as stored.</summary>
/// <remarks>Thread-safe (immutable). A later state of the same trial is a new record with a higher <see cref="Revision"/>.</remarks>
public sealed record TrialRecord
{
    /// <summary>The trial's number within its study, from 0, in reservation order.</summary>
    public required int Number { get; init; }

    /// <summary>The key of the config: equal keys are the same trial.</summary>
    public required ConfigKey Key { get; init; }

    /// <summary>One value index per parameter of the space the trial was run with.</summary>
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

    /// <summary>For failed trials: what went wrong.</summary>
    public string? Error { get; init; }

    /// <summary>The worker that ran the trial.</summary>
    public string? WorkerId { get; init; }

    /// <summary>A study-wide counter, raised by every write; lets a worker fetch only what changed.</summary>
    public long Revision { get; init; }

    /// <summary>True for a complete trial with a finite score: the only trials that can be best.</summary>
    public bool HasScore => State == TrialState.Complete && Score is { } s && double.IsFinite(s);

    /// <summary>True once the trial is in a final state.</summary>
    public bool IsFinished => State != TrialState.Running;

    /// <summary>How long the trial took, once finished.</summary>
    public TimeSpan? Duration => FinishedAt - StartedAt;

    internal static readonly IReadOnlyDictionary<string, double> EmptyMetrics = new Dictionary<string, double>();
}
