using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>A trial as the storage holds it: parameter values as canonical text, independent of any .NET type.</summary>
public sealed record StoredTrial
{
    /// <summary>The number within the study, from 0, dense.</summary>
    public required int Number { get; init; }

    /// <summary>The config key (<see cref="Space.ConfigKey"/> text).</summary>
    public required string Key { get; init; }

    /// <summary>The active parameters' names and canonical values, in space order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Params { get; init; }

    /// <summary>The lifecycle state.</summary>
    public required TrialState State { get; init; }

    /// <summary>The score, when complete with one.</summary>
    public double? Score { get; init; }

    /// <summary>Extra metrics.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = TrialRecord.EmptyMetrics;

    /// <summary>Per-step values, by step.</summary>
    public IReadOnlyList<IntermediateValue> IntermediateValues { get; init; } = Array.Empty<IntermediateValue>();

    /// <summary>Reservation time (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Completion time (UTC); for a stale trial, its last sign of life.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Last heartbeat (UTC).</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>How long the running trial may go without a heartbeat before any worker may fail it as stale.</summary>
    public TimeSpan StaleAfter { get; init; } = TrialReservation.DefaultStaleAfter;

    /// <summary>Why a failed trial failed.</summary>
    public TrialFailureKind? FailureKind { get; init; }

    /// <summary>What went wrong, in words (failed trials; null for stale ones, whose text is derived).</summary>
    public string? Error { get; init; }

    /// <summary>The step a pruned trial was stopped at.</summary>
    public int? PrunedStep { get; init; }

    /// <summary>True for a pruned trial paused at <see cref="PrunedStep"/> that no worker has claimed yet: it may be promoted.</summary>
    public bool Paused { get; init; }

    /// <summary>Which worker ran it.</summary>
    public string? WorkerId { get; init; }

    /// <summary>How many times this trial was written (1 when reserved); a later state has a higher version.</summary>
    public long Version { get; init; } = 1;
}
