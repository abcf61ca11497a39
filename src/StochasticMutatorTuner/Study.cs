using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Studies;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner;

/// <summary>
/// A named set of trials over one search space in one storage, as this process sees it. A search reads and writes
/// the study only through this object: it reserves, reports, heartbeats and finishes trials here, and the view is
/// refreshed from the storage (other workers write too) before every proposal.
/// </summary>
/// <remarks>
/// <para><b>Consistency model</b> (what a reader of this view may assume, whatever the storage and however many
/// workers share the study):</para>
/// <list type="bullet">
/// <item><b>No holes:</b> <see cref="Trials"/> holds trials 0 to <see cref="TrialCount"/> - 1, never a null; a trial
/// is listed only once every lower number is.</item>
/// <item><b>Read-your-writes:</b> a trial this process reserved or finished is in the view, in that state, when the
/// call returns (once the lower numbers are known; a reservation refreshes until they are).</item>
/// <item><b>Monotonic reads:</b> the view never goes backwards: a trial's state only moves forward (running →
/// complete, pruned or failed) and a refresh never replaces a record with an older one; <see cref="BestTrial"/>
/// only improves.</item>
/// <item><b>Freshness:</b> every trial another worker finished before a <see cref="RefreshAsync"/> began is in the
/// view when it returns; the engine refreshes before every proposal, so no proposal misses a finished trial.</item>
/// </list>
/// <para><b>Faults:</b> every storage call is retried on transient failures (server restart, dropped connection,
/// busy database) with backoff for a bounded time (<see cref="TunerOptions.StorageRetryTimeout"/>); a finished
/// result is retried until its trial's stale deadline. Then the call fails with a
/// <see cref="StudyStorageException"/> whose one-line message names the storage.</para>
/// <para><b>Thread-safety:</b> all members may be called from many threads; lists returned are immutable snapshots.</para>
/// </remarks>
#pragma warning disable CA1001 // _refreshLock: a SemaphoreSlim needs disposing only when its wait handle is used, which it never is here.
public sealed class Study
#pragma warning restore CA1001
{
    private const string HeartbeatWhat = "sending heartbeats";
    private readonly object _gate = new();
    private readonly TrialTable _table = new();
    private readonly Dictionary<int, TrialRecord> _pending = new(); // known, but a lower number is not yet
    private readonly KeyNumberTable _numberByKey = new(); // written under _gate; read without it (a proposal asks per draw)
    private readonly TrialCodec _codec = new();
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly StorageRetry _retry;
    private long _cursor;
    private long _lastRefreshStarted;
    private TrialRecord? _best;
    private int _budgetUsed;
    private int _done;
    private int _pruned;
    private int _paused;
    private long _lastClaimMs; // see UniqueClaimTime
    private long _totalSteps;

    private Study(IStudyStorage storage, StudyInfo info, ISpaceResolver resolver, StorageRetry retry)
    {
        Storage = storage;
        Info = info;
        Resolver = resolver;
        _retry = retry;
        Artifacts = new StudyArtifacts(this);
    }

    /// <summary>The study's name.</summary>
    public string Name => Info.Name;

    /// <summary>Whether lower or higher scores are better.</summary>
    public Direction Direction => Info.Direction;

    /// <summary>The storage it lives in (for its description; reads and writes go through the study).</summary>
    public IStudyStorage Storage { get; }

    /// <summary>The stored study.</summary>
    public StudyInfo Info { get; private set; }

    /// <summary>The parameters known now.</summary>
    public SearchSpace Space => Resolver.Space;

    internal ISpaceResolver Resolver { get; }

    /// <summary>The files the study's trials saved (models, plots): list, open, delete, keep the best k.</summary>
    public StudyArtifacts Artifacts { get; }

    /// <summary>The retry policy every storage call of this study goes through.</summary>
    internal StorageRetry Retry => _retry;

    /// <summary>Every trial, by number (index = number), as an immutable snapshot; never holds a null.</summary>
    public IReadOnlyList<TrialRecord> Trials
    {
        get
        {
            lock (_gate)
            {
                return _table.Snapshot();
            }
        }
    }

    /// <summary>How many trials the view holds (any state).</summary>
    public int TrialCount
    {
        get
        {
            lock (_gate)
            {
                return _table.Count;
            }
        }
    }

    /// <summary>
    /// The best complete trial with a finite score (the earliest among equals) of this process's space, or null.
    /// Trials of another version of the space (<see cref="TrialRecord.IsForeign"/>) are never best here.
    /// </summary>
    public TrialRecord? BestTrial
    {
        get
        {
            lock (_gate)
            {
                return _best;
            }
        }
    }

    /// <summary>How many trials count toward <see cref="TunerOptions.MaxTrials"/>: running, complete and pruned ones (failed ones do not).</summary>
    internal int BudgetUsed
    {
        get
        {
            lock (_gate)
            {
                return _budgetUsed;
            }
        }
    }

    /// <summary>How many complete and pruned trials the view holds (those that used up their place in the budget).</summary>
    internal int DoneCount
    {
        get
        {
            lock (_gate)
            {
                return _done;
            }
        }
    }

    /// <summary>How many pruned trials the view holds.</summary>
    internal int PrunedCount
    {
        get
        {
            lock (_gate)
            {
                return _pruned;
            }
        }
    }

    /// <summary>The trials stored as paused (pruned, resumable, not yet promoted): the promotion rule looks at the trials only when there are some.</summary>
    internal int PausedCount
    {
        get
        {
            lock (_gate)
            {
                return _paused;
            }
        }
    }

    /// <summary>
    /// The compute the study's trials have used, in steps (epochs trained): the sum over every trial of the view — any
    /// state, any worker — of the last step it reported. See <see cref="TunerOptions.MaxTotalSteps"/>.
    /// </summary>
    public long TotalSteps
    {
        get
        {
            lock (_gate)
            {
                return _totalSteps;
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the study <paramref name="name"/> in <paramref name="storage"/> for the space of
    /// <paramref name="resolver"/>, checks that direction and space fit, and loads its trials.
    /// </summary>
    /// <exception cref="StudySpaceMismatchException">The stored space cannot be continued (with <see cref="SpaceMismatchPolicy.Fail"/>).</exception>
    /// <exception cref="InvalidOperationException">The study was created with the other direction.</exception>
    /// <exception cref="StudyStorageException">The storage could not be reached or used; the message says why.</exception>
    public static Task<Study> OpenAsync(
        IStudyStorage storage,
        string name,
        ISpaceResolver resolver,
        Direction direction,
        SpaceMismatchPolicy onSpaceMismatch = SpaceMismatchPolicy.Fail,
        CancellationToken cancellationToken = default) =>
        OpenAsync(storage, name, resolver, direction, onSpaceMismatch, DefaultRetry(), cancellationToken);

    /// <summary>
    /// Opens an existing study for reading (reports, exports, the CLI, dashboards) without its .NET config type: the
    /// space is rebuilt from the stored description, and nothing is written.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such study; the message lists the studies there are.</exception>
    /// <exception cref="StudyStorageException">The storage could not be reached or read; the message says why.</exception>
    public static async Task<Study> OpenExistingAsync(IStudyStorage storage, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var retry = DefaultRetry();
        var info = await retry.RunAsync(ct => storage.FindStudyAsync(name, ct), $"opening study '{name}'", null, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            var names = (await retry.RunAsync(ct => storage.ListStudiesAsync(ct), "listing studies", null, cancellationToken).ConfigureAwait(false)).Select(s => s.Name).ToList();
            throw new KeyNotFoundException(names.Count == 0
                ? $"{storage.Description} has no studies."
                : $"{storage.Description} has no study named '{name}'. Studies there: {string.Join(", ", names)}.");
        }

        var study = new Study(storage, info, new ConditionalSpaceResolver(SpaceDescription.ToSpace(SpaceDescription.Parse(info.SpaceJson))), retry);
        await study.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return study;
    }

    /// <summary>Brings the view up to date with the storage (see the consistency model).</summary>
    /// <exception cref="StudyStorageException">The storage stayed unreachable for longer than the retry budget.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        long requested = Stopwatch.GetTimestamp();
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _lastRefreshStarted) > requested)
            {
                return; // a refresh that began after this call was made has just completed
            }

            Volatile.Write(ref _lastRefreshStarted, Stopwatch.GetTimestamp());
            long cursor = Volatile.Read(ref _cursor);
            var changes = await _retry.RunAsync((Study: this, Cursor: cursor), static (s, ct) => s.Study.Storage.GetTrialChangesAsync(s.Study.Info.Id, s.Cursor, ct), static s => $"reading study '{s.Study.Name}'", null, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (var row in changes.Trials)
                {
                    Merge(row);
                }

                _cursor = Math.Max(_cursor, changes.Cursor); // moved only by what was read
            }
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>True when a trial with this key exists (any state, any worker, also foreign trials).</summary>
    public bool IsTaken(ConfigKey key) => _numberByKey.Contains(key);

    /// <summary>The trial with this key, or null.</summary>
    public TrialRecord? FindTrial(ConfigKey key)
    {
        lock (_gate)
        {
            return _numberByKey.TryGetNumber(key, out int number) ? Get(number) : null;
        }
    }

    /// <summary>
    /// The running trials that look stale at <paramref name="now"/>: no sign of life for longer than their own stale
    /// timeout. A search marks them failed when it starts (and as it runs); readers can report them.
    /// </summary>
    public IReadOnlyList<TrialRecord> FindStaleTrials(DateTimeOffset now)
    {
        var stale = new List<TrialRecord>();
        foreach (var t in Trials)
        {
            if (t.State == TrialState.Running && (t.HeartbeatAt ?? t.StartedAt) + t.StaleAfter < now)
            {
                stale.Add(t);
            }
        }

        return stale;
    }

    internal static async Task<Study> OpenAsync(
        IStudyStorage storage,
        string name,
        ISpaceResolver resolver,
        Direction direction,
        SpaceMismatchPolicy onSpaceMismatch,
        StorageRetry retry,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(resolver);

        var space = resolver.Space;
        var definition = new StudyDefinition(name, direction, space.Fingerprint, SpaceDescription.ToJson(space));
        // A refused connection at the start is more often a wrong address than a restart: say so after 10 s, not 60.
        var info = await retry.RunAsync(ct => storage.CreateOrOpenStudyAsync(definition, ct), $"opening study '{name}'", null, cancellationToken, unreachableFor: TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (info.Direction != direction)
        {
            throw new InvalidOperationException(
                $"Study '{name}' was created to {info.Direction.ToString().ToLowerInvariant()} its score; this search asks to {direction.ToString().ToLowerInvariant()}. Use another study name.");
        }

        if (resolver is IGrowingSpaceResolver growing)
        {
            // Define-by-run: start from every parameter the study has seen, then grow.
            growing.Seed(SpaceDescription.Parse(info.SpaceJson));
            space = resolver.Space;
            definition = definition with { SpaceFingerprint = space.Fingerprint, SpaceJson = SpaceDescription.ToJson(space) };
        }

        if (info.SpaceFingerprint != space.Fingerprint)
        {
            var comparison = SpaceDescription.Compare(SpaceDescription.Parse(info.SpaceJson), space);
            if (!comparison.IsCompatible)
            {
                if (onSpaceMismatch == SpaceMismatchPolicy.StartNewStudy)
                {
                    return await OpenAsync(storage, $"{name}@{space.Fingerprint[..8]}", resolver, direction, SpaceMismatchPolicy.Fail, retry, cancellationToken).ConfigureAwait(false);
                }

                throw new StudySpaceMismatchException(name, comparison);
            }

            await retry.RunAsync(ct => storage.UpdateStudySpaceAsync(info.Id, space.Fingerprint, definition.SpaceJson, ct), $"recording the space of study '{name}'", null, cancellationToken).ConfigureAwait(false);
            info = info with { SpaceFingerprint = space.Fingerprint, SpaceJson = definition.SpaceJson };
        }

        var study = new Study(storage, info, resolver, retry);
        await study.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return study;
    }

    /// <summary>Records the current space in the storage when it grew (define-by-run) or gained values.</summary>
    internal Task SyncSpaceAsync(CancellationToken cancellationToken)
    {
        // Asked before every trial: the usual answer (nothing new) allocates nothing, not even the closure below.
        var space = Space;
        return space.Fingerprint == Info.SpaceFingerprint ? Task.CompletedTask : RecordSpaceAsync(space, cancellationToken);
    }

    private async Task RecordSpaceAsync(SearchSpace space, CancellationToken cancellationToken)
    {
        string json = SpaceDescription.ToJson(space);
        await _retry.RunAsync(ct => Storage.UpdateStudySpaceAsync(Info.Id, space.Fingerprint, json, ct), $"recording the space of study '{Name}'", null, cancellationToken).ConfigureAwait(false);
        Info = Info with { SpaceFingerprint = space.Fingerprint, SpaceJson = json };
    }

    /// <summary>Reserves <paramref name="candidate"/> for this worker: a new running trial, the trial that already has its key, or nothing when the budget is used up.</summary>
    internal async ValueTask<StudyReservation> ReserveAsync(Candidate candidate, string workerId, int? maxTrials, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var request = new TrialReservation(candidate.Key.ToString(), TrialCodec.Encode(Space, candidate), workerId, now, maxTrials) { StaleAfter = staleAfter };
        var result = await _retry.RunAsync((Study: this, Request: request), static (s, ct) => s.Study.Storage.ReserveTrialAsync(s.Study.Info.Id, s.Request, ct), static _ => "reserving a trial", null, cancellationToken).ConfigureAwait(false);
        if (result.Status == ReservationStatus.StudyFull)
        {
            return new StudyReservation(ReservationStatus.StudyFull, null);
        }

        var row = result.Trial!;
        // A retry after a lost answer finds the trial its first attempt created: this worker's, at this very time.
        // (Not "unknown to the view": a concurrent refresh may already have read it.)
        bool ours = result.Status == ReservationStatus.Created
            || (row.WorkerId == workerId && row.State == TrialState.Running && StorageJson.ToUnixMs(row.StartedAt) == StorageJson.ToUnixMs(now));
        TrialRecord record;
        bool hole;
        lock (_gate)
        {
            record = Merge(row);
            hole = _pending.Count > 0;
        }

        if (hole)
        {
            // Lower numbers exist that this view has not read yet: numbers are dense and committed in order, so one
            // refresh brings them (and publishes this trial too).
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        return new StudyReservation(ours ? ReservationStatus.Created : ReservationStatus.KeyTaken, record);
    }

    /// <summary>
    /// Claims trial <paramref name="number"/>, paused at <paramref name="pausedStep"/>, for this worker: the trial as
    /// running again, or null when it was not claimable (another claim came first; the view is refreshed then).
    /// </summary>
    /// <remarks>
    /// A claim whose first attempt committed but whose answer was lost is retried, finds the trial taken, and recognises
    /// it as its own: running for this worker with this claim's time as its heartbeat. Each claim of this view gets a
    /// distinct millisecond (<see cref="UniqueClaimTime"/>), because the slots of one worker share its id.
    /// </remarks>
    internal async Task<TrialRecord?> ClaimPausedAsync(int number, int pausedStep, string workerId, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        var now = UniqueClaimTime();
        var row = await _retry.RunAsync(ct => Storage.ClaimPausedTrialAsync(Info.Id, number, pausedStep, workerId, now, staleAfter, ct), $"claiming paused trial {number}", null, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                // A retry after a lost answer finds the trial its first attempt claimed: running for this worker since
                // this very moment (nobody heartbeats it before this worker runs it; the slots of this worker share its
                // id but never a claim time). Left alone it would go stale.
                return Get(number) is { State: TrialState.Running } current && current.WorkerId == workerId
                    && current.HeartbeatAt is { } heartbeat && StorageJson.ToUnixMs(heartbeat) == StorageJson.ToUnixMs(now)
                    ? current
                    : null;
            }
        }

        lock (_gate)
        {
            return Merge(row);
        }
    }

    /// <summary>Now, in the storages' milliseconds, but later than every earlier claim of this view: a claim's time tells it from its siblings'.</summary>
    private DateTimeOffset UniqueClaimTime()
    {
        long now = StorageJson.ToUnixMs(DateTimeOffset.UtcNow);
        long previous, claimed;
        do
        {
            previous = Volatile.Read(ref _lastClaimMs);
            claimed = Math.Max(now, previous + 1);
        }
        while (Interlocked.CompareExchange(ref _lastClaimMs, claimed, previous) != previous);

        return StorageJson.FromUnixMs(claimed);
    }

    /// <summary>Stores a per-step value of a running trial of this worker.</summary>
    /// <exception cref="TrialNotRunningException">The trial was finished meanwhile (e.g. failed as stale while this worker was paused).</exception>
    internal Task ReportAsync(int number, IntermediateValue value, CancellationToken cancellationToken) =>
        _retry.RunAsync(ct => Storage.ReportIntermediateAsync(Info.Id, number, value, DateTimeOffset.UtcNow, ct), $"reporting step {value.Step} of trial {number}", null, cancellationToken);

    /// <summary>Heartbeats this worker's running trials; returns those the storage no longer has running.</summary>
    internal Task<IReadOnlyList<int>> HeartbeatAsync(IReadOnlyList<int> numbers, CancellationToken cancellationToken) =>
        _retry.RunAsync(ct => Storage.HeartbeatAsync(Info.Id, numbers, DateTimeOffset.UtcNow, ct), HeartbeatWhat, null, cancellationToken);

    /// <summary>Fails the study's stale trials (of any worker) and refreshes the view when there were some.</summary>
    internal async Task<IReadOnlyList<int>> FailStaleTrialsAsync(CancellationToken cancellationToken)
    {
        var marked = await _retry.RunAsync(ct => Storage.FailStaleTrialsAsync(Info.Id, DateTimeOffset.UtcNow, ct), "failing stale trials", null, cancellationToken).ConfigureAwait(false);
        if (marked.Count > 0)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        return marked;
    }

    /// <summary>
    /// Records how this worker's trial ended, retrying until <paramref name="deadline"/> (its stale deadline: after
    /// it another worker may fail the trial). Never cancelled: a result is not dropped because a search stops.
    /// </summary>
    internal async ValueTask<StudyFinish> FinishAsync(int number, TrialOutcome outcome, DateTimeOffset deadline)
    {
        try
        {
            var row = await _retry.RunAsync((Study: this, Number: number, Outcome: outcome), static (s, ct) => s.Study.Storage.FinishTrialAsync(s.Study.Info.Id, s.Number, s.Outcome, ct), static s => $"recording the result of trial {s.Number}", deadline, CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                return new StudyFinish(Merge(row), Accepted: true);
            }
        }
        catch (TrialNotRunningException e) when (e.Current is { } current)
        {
            // Either an earlier attempt committed and its answer was lost (then the stored outcome is ours), or the
            // trial was failed as stale while this worker could not reach the storage.
            bool ours = current.State == outcome.State && current.Score == outcome.Score && current.Error == outcome.Error
                && current.FinishedAt is { } finishedAt && StorageJson.ToUnixMs(finishedAt) == StorageJson.ToUnixMs(outcome.FinishedAt);
            lock (_gate)
            {
                return new StudyFinish(Merge(current), ours);
            }
        }
    }

    /// <summary>
    /// Waits until every result this process recorded survives a power loss (see <see cref="IStudyStorage.FlushAsync"/>):
    /// a search does this before it returns. Never cancelled: a search that stops still makes its results durable.
    /// </summary>
    internal Task FlushAsync() =>
        _retry.RunAsync(ct => Storage.FlushAsync(ct), "making the results durable", null, CancellationToken.None);

    /// <summary>The record of trial <paramref name="number"/> in this view (listed or pending), or null.</summary>
    internal TrialRecord? GetTrial(int number)
    {
        lock (_gate)
        {
            return Get(number);
        }
    }

    private TrialRecord? Get(int number) => _table.Get(number) ?? (_pending.TryGetValue(number, out var pending) ? pending : null);

    /// <summary>Adds a stored trial to the view unless the view already holds that trial at the same or a later version; returns the view's record.</summary>
    private TrialRecord Merge(StoredTrial row)
    {
        var existing = Get(row.Number);
        if (existing is not null && existing.Version >= row.Version)
        {
            return existing;
        }

        var record = _codec.Decode(Space, row, existing);
        _budgetUsed += CountsTowardBudget(record) - (existing is null ? 0 : CountsTowardBudget(existing));
        _done += IsDone(record) - (existing is null ? 0 : IsDone(existing));
        _pruned += IsPruned(record) - (existing is null ? 0 : IsPruned(existing));
        _paused += IsPaused(record) - (existing is null ? 0 : IsPaused(existing));
        _totalSteps += LastStep(record) - (existing is null ? 0 : LastStep(existing));
        _numberByKey.Set(record.Key, record.Number);
        if (record.Number < _table.Count || record.Number == _table.Count)
        {
            _table.Set(record.Number, record);
            while (_pending.Remove(_table.Count, out var next))
            {
                _table.Set(next.Number, next);
            }
        }
        else
        {
            _pending[record.Number] = record;
        }

        if (record.HasScore && !record.IsForeign && TrialOrder.IsBetter(record, _best, Direction))
        {
            _best = record;
        }

        return record;
    }

    private static int CountsTowardBudget(TrialRecord record) => record.State == TrialState.Failed ? 0 : 1;

    private static int IsDone(TrialRecord record) => record.State is TrialState.Complete or TrialState.Pruned ? 1 : 0;

    private static int IsPruned(TrialRecord record) => record.State == TrialState.Pruned ? 1 : 0;

    private static int IsPaused(TrialRecord record) => record is { State: TrialState.Pruned, Paused: true } ? 1 : 0;

    private static int LastStep(TrialRecord record) => record.IntermediateValues.Count == 0 ? 0 : Math.Max(0, record.IntermediateValues[^1].Step);

    private static StorageRetry DefaultRetry() => new(TunerOptions.DefaultStorageRetryTimeout, NullLogger.Instance);

}
