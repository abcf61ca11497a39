using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// Where studies and their trials live. Every implementation passes the same conformance tests.
/// </summary>
/// <remarks>
/// <para><b>Thread-safety:</b> implementations are safe to call from many threads at once, and the SQLite and
/// PostgreSQL ones from many processes (and, for PostgreSQL, machines) on the same study.</para>
/// <para><b>Atomicity:</b> <see cref="ReserveTrialAsync"/> is atomic per (study, key): of two concurrent callers
/// with the same key exactly one gets <see cref="ReservationStatus.Created"/>, and with
/// <see cref="TrialReservation.MaxTrials"/> a study never grows past the limit. A finished trial is written in one
/// transaction before the call returns and is never changed again.</para>
/// </remarks>
public interface IStudyStorage : IAsyncDisposable
{
    /// <summary>A short description for logs; never contains a password.</summary>
    string Description { get; }

    /// <summary>Opens the study named <paramref name="definition"/>.Name, creating it when it does not exist.</summary>
    /// <returns>The stored study: on open, with the direction and space it was created with (the caller checks compatibility).</returns>
    ValueTask<StudyInfo> CreateOrOpenStudyAsync(StudyDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Records the space a study now runs with (after a compatible change, e.g. an added choice).</summary>
    ValueTask UpdateStudySpaceAsync(long studyId, string spaceFingerprint, string spaceJson, CancellationToken cancellationToken = default);

    /// <summary>Finds a study by name; null when there is none.</summary>
    ValueTask<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every study, by name.</summary>
    ValueTask<IReadOnlyList<StudyInfo>> ListStudiesAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a study and its trials; false when there was none.</summary>
    ValueTask<bool> DeleteStudyAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Atomically creates a running trial for a key that the study has not seen (within the trial limit), or returns the existing trial.</summary>
    ValueTask<ReservationResult> ReserveTrialAsync(long studyId, TrialReservation reservation, CancellationToken cancellationToken = default);

    /// <summary>Moves a running trial to a final state.</summary>
    /// <exception cref="InvalidOperationException">The trial does not exist or is already finished (e.g. marked stale).</exception>
    ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>Appends a per-step value to a running trial (and counts as a heartbeat).</summary>
    ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records that the running trial's worker is alive.</summary>
    ValueTask HeartbeatAsync(long studyId, int number, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks running trials whose last sign of life is older than <paramref name="olderThan"/> as failed.</summary>
    /// <returns>How many trials were marked.</returns>
    ValueTask<int> FailStaleTrialsAsync(long studyId, DateTimeOffset olderThan, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The trials written after revision <paramref name="sinceRevision"/> (all with 0), by number.</summary>
    ValueTask<IReadOnlyList<StoredTrial>> GetTrialsAsync(long studyId, long sinceRevision = 0, CancellationToken cancellationToken = default);
}
