using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Storage;

/// <summary>What a study is created with.</summary>
/// <param name="Name">The study's name: data, never part of a path or of SQL text.</param>
/// <param name="Direction">Whether lower or higher scores are better.</param>
/// <param name="SpaceFingerprint">The search space's <see cref="Space.SearchSpace.Fingerprint"/>.</param>
/// <param name="SpaceJson">The search space's description (see <see cref="Space.SpaceDescription"/>).</param>
public sealed record StudyDefinition(string Name, Direction Direction, string SpaceFingerprint, string SpaceJson);

/// <summary>A study as stored.</summary>
/// <param name="Id">The storage's identifier for the study.</param>
/// <param name="Name">The study's name.</param>
/// <param name="Direction">Whether lower or higher scores are better.</param>
/// <param name="SpaceFingerprint">The fingerprint of the space the study was last run with.</param>
/// <param name="SpaceJson">The description of that space.</param>
/// <param name="CreatedAt">When the study was created (UTC).</param>
public sealed record StudyInfo(long Id, string Name, Direction Direction, string SpaceFingerprint, string SpaceJson, DateTimeOffset CreatedAt);

/// <summary>A trial as the storage holds it: parameter values as canonical text, independent of any .NET type.</summary>
public sealed record StoredTrial
{
    /// <summary>The number within the study, from 0.</summary>
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

    /// <summary>Per-step values.</summary>
    public IReadOnlyList<IntermediateValue> IntermediateValues { get; init; } = Array.Empty<IntermediateValue>();

    /// <summary>Reservation time (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Completion time (UTC).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Last heartbeat (UTC).</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>Which worker ran it.</summary>
    public string? WorkerId { get; init; }

    /// <summary>The study-wide write counter at this trial's last write.</summary>
    public long Revision { get; init; }
}

/// <summary>A request to reserve a config for evaluation.</summary>
/// <param name="Key">The config key text.</param>
/// <param name="Params">The active parameters' names and canonical values.</param>
/// <param name="WorkerId">The reserving worker.</param>
/// <param name="Now">The reservation time (UTC).</param>
/// <param name="MaxTrials">When set, the reservation is refused (<see cref="ReservationStatus.StudyFull"/>) if the study already holds this many trials; checked atomically with the insert.</param>
public sealed record TrialReservation(string Key, IReadOnlyList<KeyValuePair<string, string>> Params, string WorkerId, DateTimeOffset Now, int? MaxTrials = null);

/// <summary>How a trial ended.</summary>
/// <param name="State">A final state.</param>
/// <param name="Score">The score (complete trials only; null or non-finite means discarded).</param>
/// <param name="Metrics">Extra metrics.</param>
/// <param name="Error">What went wrong, for failed trials.</param>
/// <param name="FinishedAt">When it ended (UTC).</param>
public sealed record TrialOutcome(TrialState State, double? Score, IReadOnlyDictionary<string, double> Metrics, string? Error, DateTimeOffset FinishedAt);

/// <summary>How a reservation attempt ended.</summary>
public enum ReservationStatus
{
    /// <summary>A new running trial was created for the caller.</summary>
    Created,

    /// <summary>The study already has a trial with that key (returned in <see cref="ReservationResult.Trial"/>).</summary>
    KeyTaken,

    /// <summary>The study already holds <see cref="TrialReservation.MaxTrials"/> trials; nothing was created.</summary>
    StudyFull,
}

/// <summary>The result of a reservation attempt.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Trial">The new trial (<see cref="ReservationStatus.Created"/>), the existing one (<see cref="ReservationStatus.KeyTaken"/>), or null.</param>
public readonly record struct ReservationResult(ReservationStatus Status, StoredTrial? Trial);
