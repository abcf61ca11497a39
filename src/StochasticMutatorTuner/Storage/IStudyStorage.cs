using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// Where studies and their trials live: plain persistence. The rules of a trial's lifecycle live in
/// <see cref="TrialOutcome"/> and in <see cref="Study"/>, the one door through which a search reads and writes a
/// study (with retries and a consistent view); a storage stores what it is given and every implementation passes
/// the same conformance tests.
/// </summary>
/// <remarks>
/// <para><b>Thread-safety:</b> implementations are safe to call from many threads at once, and the SQLite and
/// PostgreSQL ones from many processes (and, for PostgreSQL, machines) on the same study.</para>
/// <para><b>Atomicity:</b> <see cref="ReserveTrialAsync"/> is atomic per (study, key): of two concurrent callers
/// with the same key exactly one gets <see cref="ReservationStatus.Created"/>; trial numbers are dense and a
/// trial becomes visible only after every lower number is; with <see cref="TrialReservation.MaxTrials"/> the
/// budget (running, complete and pruned trials) never grows past the limit. Every write is one short transaction
/// that holds no lock across a caller's pause; a finished trial is written before the call returns and never
/// changes again, with one exception: a trial pruned as paused (<see cref="TrialOutcome.Paused"/>) may be claimed,
/// once per pause, by <see cref="ClaimPausedTrialAsync"/>, which makes it running again (its per-step values kept);
/// it then finishes like any running trial (complete, pruned, paused again, or failed — as stale too, when its new
/// worker dies: the pause is not given back).</para>
/// <para><b>Change feed:</b> <see cref="GetTrialChangesAsync"/> returns a cursor; reading again from it returns
/// every trial written by a transaction that committed after the first read began (possibly some it already
/// returned, never fewer). Heartbeats do not count as changes.</para>
/// <para><b>Failures:</b> a call that fails because of the storage (unreachable server, busy or read-only
/// database, full disk, not a database) throws <see cref="StudyStorageException"/> whose message names the storage;
/// <see cref="StudyStorageException.IsTransient"/> says whether retrying may help. Retried writes are safe: a
/// report of a step already stored is ignored, and a reservation or finish whose first attempt committed is seen
/// as such by the caller (<see cref="TrialNotRunningException.Current"/>, <see cref="ReservationStatus.KeyTaken"/>
/// with the caller's worker id).</para>
/// </remarks>
public interface IStudyStorage : IAsyncDisposable
{
    /// <summary>A short description for logs; never contains a password.</summary>
    string Description { get; }

    /// <summary>True when the storage was opened for reading only: every write throws <see cref="StudyStorageException"/>.</summary>
    bool IsReadOnly { get; }

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

    /// <summary>Atomically creates a running trial for a key that the study has not seen (within the budget), or returns the existing trial.</summary>
    ValueTask<ReservationResult> ReserveTrialAsync(long studyId, TrialReservation reservation, CancellationToken cancellationToken = default);

    /// <summary>Moves a running trial to the final state of <paramref name="outcome"/>, and returns it as stored.</summary>
    /// <exception cref="TrialNotRunningException">The trial does not exist or is already finished (e.g. failed as stale).</exception>
    ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically makes trial <paramref name="number"/> running again for <paramref name="workerId"/> when it is pruned,
    /// paused, at <paramref name="pausedStep"/> and unclaimed: of many concurrent claimers of one pause exactly one gets
    /// the trial. Its per-step values are kept; its pruned step, error and finish time are cleared; it counts toward
    /// the budget as before (a pruned and a running trial both do).
    /// </summary>
    /// <returns>The trial as claimed (running, with its per-step values); null when it was not claimable (another worker claimed it first, or it is not paused at that step).</returns>
    /// <remarks>The default answers null: a storage written before trials could be paused never hands one out, so a search on it never promotes (its paused trials stay paused).</remarks>
    ValueTask<StoredTrial?> ClaimPausedTrialAsync(long studyId, int number, int pausedStep, string workerId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<StoredTrial?>(null);

    /// <summary>Stores a per-step value of a running trial (and counts as a heartbeat); a step already stored is ignored.</summary>
    /// <exception cref="TrialNotRunningException">The trial does not exist or is already finished.</exception>
    ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records that the worker of these running trials is alive.</summary>
    /// <returns>The numbers among <paramref name="numbers"/> that are no longer running (finished, or failed as stale).</returns>
    ValueTask<IReadOnlyList<int>> HeartbeatAsync(long studyId, IReadOnlyList<int> numbers, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fails, as <see cref="TrialFailureKind.Stale"/>, every running trial whose last sign of life is older than its
    /// own <see cref="TrialReservation.StaleAfter"/> at <paramref name="now"/>; its finish time is that last sign of life.
    /// </summary>
    /// <returns>The numbers of the trials marked.</returns>
    ValueTask<IReadOnlyList<int>> FailStaleTrialsAsync(long studyId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The trials written since <paramref name="cursor"/> (all of them from 0), read from one snapshot, and the cursor to read from next.</summary>
    ValueTask<TrialChanges> GetTrialChangesAsync(long studyId, long cursor, CancellationToken cancellationToken = default);

    /// <summary>Records that a trial's artifact exists (its file is written already), replacing the record of the same trial and name.</summary>
    ValueTask RecordArtifactAsync(long studyId, ArtifactInfo artifact, CancellationToken cancellationToken = default);

    /// <summary>Removes the record of a trial's artifact; false when there was none (deleting twice is safe).</summary>
    ValueTask<bool> DeleteArtifactAsync(long studyId, int number, string name, CancellationToken cancellationToken = default);

    /// <summary>The recorded artifacts of a study, by trial number and name (none for a database older than artifacts, opened read-only).</summary>
    ValueTask<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(long studyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until every write this object committed survives a power loss. A storage may return from a write once it
    /// survives a crash of the process and make it durable behind the caller's back (SQLite does: no trial waits for
    /// the disk); a search calls this before it returns. Storages whose every commit is durable at once return at once.
    /// </summary>
    /// <exception cref="StudyStorageException">The data could not be made durable (the disk refused it); the message names the file.</exception>
    ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
