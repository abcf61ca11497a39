using System.Data.Common;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// The operations both database storages share (SQLite and PostgreSQL speak the same dialect for everything
/// here); each provider supplies connections, transactions, its change feed and how its errors read. The schema
/// and its migrations are in <see cref="DbSchema"/>, reading rows in <see cref="DbTrialRows"/>.
/// </summary>
/// <remarks>
/// Every statement is parameterized; names and values are always data. Every write is one short transaction.
/// Only a reservation (and the rare failure that frees budget) touches the study's row, where the next trial number
/// and the budget are counted, so numbers stay dense and the budget exact; a heartbeat, report or finish touches
/// only its own trial's rows, and a read takes no lock at all.
/// </remarks>
public abstract partial class DbStudyStorage : IStudyStorage
{
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private int _schemaVersion = -1;

    private protected DbStudyStorage(bool readOnly)
    {
        IsReadOnly = readOnly;
    }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public bool IsReadOnly { get; }

    /// <summary>The column types of this database.</summary>
    private protected abstract DbTypes Types { get; }

    /// <summary>Opens a connection (pooled by the provider).</summary>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction; <paramref name="durable"/> false allows a commit that survives a process crash but not a power loss.</summary>
    private protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, bool durable, CancellationToken cancellationToken);

    /// <summary>Called after a write transaction ends (committed or not), before the connection goes back to the pool.</summary>
    private protected virtual Task EndWriteAsync(DbConnection connection, bool durable) => Task.CompletedTask;

    /// <summary>Begins a read transaction whose statements all see one snapshot.</summary>
    private protected abstract Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serializes schema creation and migration across processes, inside <paramref name="tx"/>.</summary>
    private protected abstract Task LockSchemaAsync(DbConnection connection, DbTransaction tx, CancellationToken cancellationToken);

    /// <summary>SQL (parameter <c>@id</c>) returning the cursor of a read made in this transaction's snapshot.</summary>
    private protected abstract string ReadCursorSql(int schemaVersion);

    /// <summary>The condition (over alias <c>t</c>, parameters <c>@id</c> and <c>@since</c>) of the trials a read from a cursor returns.</summary>
    private protected abstract string ChangedSinceSql(int schemaVersion);

    /// <summary>The SQL expression (parameter <c>@id</c>) for the change position of a row written now.</summary>
    private protected abstract string ChangeIdSql { get; }

    /// <summary>
    /// Takes the study row's write lock in <paramref name="tx"/> before any trial row is locked, for the writes that
    /// change both (failures give budget back), so no transaction holds a trial row while it waits for the study row.
    /// </summary>
    private protected virtual Task LockStudyAsync(DbConnection connection, DbTransaction tx, long studyId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before a write of trial rows in <paramref name="tx"/> (e.g. advances a study-wide change counter).</summary>
    private protected virtual Task BeforeChangeAsync(DbConnection connection, DbTransaction tx, long studyId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Inserts the running trial of <paramref name="reservation"/> with the next number, counting it on the study row,
    /// in <paramref name="tx"/> (or, when <see cref="ReservesInOneStatement"/>, as one statement of its own). Returns
    /// its number; null when the budget is used up; <c>Taken</c> when the key exists (nothing written). Throws
    /// <see cref="KeyRaceException"/> when the insert found the key taken (another worker inserted it after the check,
    /// or the provider leaves the check to the unique index), with nothing counted (the transaction or the statement
    /// is undone), so numbers stay dense.
    /// </summary>
    private protected abstract Task<(long? Number, bool Taken)> InsertTrialAsync(DbConnection connection, DbTransaction? tx, long studyId, TrialReservation reservation, CancellationToken cancellationToken);

    /// <summary>
    /// True when <see cref="InsertTrialAsync"/> is one atomic statement that needs no transaction around it: the
    /// study row it locks is then released by the server when the statement ends, not a client round trip later
    /// (with many workers on a busy machine a lock held across a round trip makes a queue).
    /// </summary>
    private protected virtual bool ReservesInOneStatement => false;

    /// <summary>The columns and values of a new running trial, in <see cref="TrialInsertColumns"/> order (parameters <c>@id</c>, <c>@key</c>, <c>@params</c>, <c>@now</c>, <c>@worker</c>, <c>@stale</c>).</summary>
    private protected string TrialInsertValues => $"@id, @key, @params, 'running', '{{}}', @now, @now, @worker, {ChangeIdSql}, 1, @stale";

    /// <summary>The columns a new trial sets besides its number.</summary>
    private protected const string TrialInsertColumns = "study_id, key, params_json, state, metrics_json, started_at, heartbeat_at, worker_id, revision, version, stale_after_ms";

    /// <summary>The parameters of <see cref="TrialInsertValues"/>, and <c>@max</c> (the budget).</summary>
    private protected static (string Name, object? Value)[] TrialInsertParameters(long studyId, TrialReservation reservation) =>
    [
        ("id", studyId), ("key", reservation.Key), ("params", StorageJson.WriteParams(reservation.Params)), ("now", StorageJson.ToUnixMs(reservation.Now)),
        ("worker", reservation.WorkerId), ("stale", (long)reservation.StaleAfter.TotalMilliseconds), ("max", (long?)reservation.MaxTrials ?? long.MaxValue),
    ];

    /// <summary>True when <paramref name="exception"/> says the table read does not exist.</summary>
    private protected abstract bool IsMissingTable(Exception exception);

    /// <summary>Turns a provider's exception into one clear <see cref="StudyStorageException"/>, or null to let it through.</summary>
    private protected abstract StudyStorageException? Translate(Exception exception);

    /// <inheritdoc />
    public async ValueTask<StudyInfo> CreateOrOpenStudyAsync(StudyDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(definition.Name);
        if (IsReadOnly)
        {
            return await FindStudyAsync(definition.Name, cancellationToken).ConfigureAwait(false)
                ?? throw new StudyStorageException($"{Description} has no study named '{definition.Name}', and it was opened read-only, so none is created.", isTransient: false);
        }

        return await WriteAsync(durable: true, async (connection, tx) =>
        {
            // Idempotent under concurrency: the unique name decides, no lock is taken.
            await DbSql.ExecuteAsync(connection, tx,
                "INSERT INTO smt_studies (name, direction, space_fingerprint, space_json, created_at, revision) " +
                "VALUES (@name, @direction, @fingerprint, @space, @now, 0) ON CONFLICT (name) DO NOTHING",
                cancellationToken,
                ("name", definition.Name),
                ("direction", StorageJson.DirectionName(definition.Direction)),
                ("fingerprint", definition.SpaceFingerprint),
                ("space", definition.SpaceJson),
                ("now", StorageJson.ToUnixMs(DateTimeOffset.UtcNow))).ConfigureAwait(false);
            return (await DbTrialRows.FindStudyAsync(connection, tx, definition.Name, cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask UpdateStudySpaceAsync(long studyId, string spaceFingerprint, string spaceJson, CancellationToken cancellationToken = default)
    {
        await WriteAsync(durable: true, async (connection, tx) =>
            await DbSql.ExecuteAsync(connection, tx, "UPDATE smt_studies SET space_fingerprint = @fingerprint, space_json = @space WHERE id = @id", cancellationToken,
                ("fingerprint", spaceFingerprint), ("space", spaceJson), ("id", studyId)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(async (connection, tx, version) =>
            version == 0 ? null : await DbTrialRows.FindStudyAsync(connection, tx, name, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StudyInfo>> ListStudiesAsync(CancellationToken cancellationToken = default)
    {
        return await ReadAsync<IReadOnlyList<StudyInfo>>(async (connection, tx, version) =>
        {
            if (version == 0)
            {
                return Array.Empty<StudyInfo>();
            }

            using var command = DbSql.Command(connection, tx, $"SELECT {DbTrialRows.StudyColumns} FROM smt_studies ORDER BY name");
            return await DbTrialRows.ReadStudiesAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteStudyAsync(string name, CancellationToken cancellationToken = default)
    {
        return await WriteAsync(durable: true, async (connection, tx) =>
        {
            var study = await DbTrialRows.FindStudyAsync(connection, tx, name, cancellationToken).ConfigureAwait(false);
            if (study is null)
            {
                return false;
            }

            await DbSql.ExecuteAsync(connection, tx, "DELETE FROM smt_artifacts WHERE study_id = @id", cancellationToken, ("id", study.Id)).ConfigureAwait(false);
            await DbSql.ExecuteAsync(connection, tx, "DELETE FROM smt_trial_values WHERE study_id = @id", cancellationToken, ("id", study.Id)).ConfigureAwait(false);
            await DbSql.ExecuteAsync(connection, tx, "DELETE FROM smt_trials WHERE study_id = @id", cancellationToken, ("id", study.Id)).ConfigureAwait(false);
            await DbSql.ExecuteAsync(connection, tx, "DELETE FROM smt_studies WHERE id = @id", cancellationToken, ("id", study.Id)).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ReservationResult> ReserveTrialAsync(long studyId, TrialReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        try
        {
            var (number, taken) = ReservesInOneStatement
                ? await StatementAsync(connection => InsertTrialAsync(connection, null, studyId, reservation, cancellationToken), cancellationToken).ConfigureAwait(false)
                : await WriteAsync(
                    durable: false, // a reservation lost in a power cut belongs to a worker that died with the machine; the trial's durable finish commits it too
                    (connection, tx) => InsertTrialAsync(connection, tx, studyId, reservation, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            if (number is { } created)
            {
                return new ReservationResult(ReservationStatus.Created, CreatedRow(created, reservation)); // exactly what a read would return
            }

            if (!taken)
            {
                return new ReservationResult(ReservationStatus.StudyFull, null);
            }
        }
        catch (KeyRaceException)
        {
            // Another worker inserted the key after our look; nothing of ours was written.
        }

        var existing = await ReadAsync(async (connection, tx, _) => await FindByKeyAsync(connection, tx, studyId, reservation.Key, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return new ReservationResult(ReservationStatus.KeyTaken, existing);
    }

    /// <inheritdoc />
    public async ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var parameters = FinishParameters(studyId, number, outcome);
        if (outcome.State != TrialState.Failed && FinishesInOneStatement)
        {
            // Only the trial's row changes (a failure also gives budget back, in a transaction below): one statement
            // that commits on its own, one round trip instead of three.
            var row = await StatementAsync(connection => FinishInOneStatementAsync(connection, FinishSql, parameters, cancellationToken), cancellationToken).ConfigureAwait(false);
            return row ?? throw await ReadAsync((connection, tx, _) => NotRunningAsync(connection, tx, studyId, number, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return await WriteAsync(durable: true, async (connection, tx) =>
        {
            if (outcome.State == TrialState.Failed)
            {
                await LockStudyAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
            }

            await BeforeChangeAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
            var finished = await DbTrialRows.UpdateReturningAsync(connection, tx, studyId, FinishSql, cancellationToken, parameters).ConfigureAwait(false);
            if (finished is null)
            {
                throw await NotRunningAsync(connection, tx, studyId, number, cancellationToken).ConfigureAwait(false);
            }

            if (outcome.State == TrialState.Failed)
            {
                await ReleaseBudgetAsync(connection, tx, studyId, 1, cancellationToken).ConfigureAwait(false);
            }

            return finished;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<StoredTrial?> ClaimPausedTrialAsync(long studyId, int number, int pausedStep, string workerId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);

        // One conditional UPDATE: on SQLite the one writer decides; on PostgreSQL the second claimer waits for the
        // first's row lock, re-reads the row, finds it running and matches nothing.
        return await WriteAsync(durable: true, async (connection, tx) =>
        {
            await BeforeChangeAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
            return await DbTrialRows.UpdateReturningAsync(connection, tx, studyId,
                "UPDATE smt_trials SET state = 'running', paused = 0, pruned_step = NULL, error = NULL, finished_at = NULL, heartbeat_at = @now, " +
                $"worker_id = @worker, stale_after_ms = @stale, version = version + 1, revision = {ChangeIdSql} " +
                "WHERE study_id = @id AND number = @number AND state = 'pruned' AND paused = 1 AND pruned_step = @step",
                cancellationToken, ("now", StorageJson.ToUnixMs(now)), ("worker", workerId), ("stale", (long)staleAfter.TotalMilliseconds),
                ("id", studyId), ("number", number), ("step", pausedStep)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When not null, a report is this one statement (parameters <c>@now</c>, <c>@id</c>, <c>@number</c>, <c>@step</c>,
    /// <c>@value</c>) that commits on its own, not durably, and returns how many running trials it updated (0 or 1).
    /// </summary>
    private protected virtual string? ReportStatement => null;

    /// <summary>True when a finish that changes only its trial's row runs as <see cref="FinishInOneStatementAsync"/>.</summary>
    private protected virtual bool FinishesInOneStatement => false;

    /// <summary>
    /// Runs <paramref name="update"/> (one trial's UPDATE) as a statement of its own and returns the row as written, with
    /// its per-step values, from that one statement; null when no row matched.
    /// </summary>
    private protected virtual Task<StoredTrial?> FinishInOneStatementAsync(DbConnection connection, string update, (string Name, object? Value)[] parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private string FinishSql =>
        "UPDATE smt_trials SET state = @state, score = @score, metrics_json = @metrics, error = @error, failure_kind = @kind, pruned_step = @step, paused = @paused, " +
        $"finished_at = @finished, version = version + 1, revision = {ChangeIdSql} WHERE study_id = @id AND number = @number AND state = 'running'";

    private static (string Name, object? Value)[] FinishParameters(long studyId, int number, TrialOutcome outcome) =>
    [
        ("state", StorageJson.StateName(outcome.State)), ("score", outcome.Score), ("metrics", StorageJson.WriteMetrics(outcome.Metrics)),
        ("error", outcome.Error), ("kind", outcome.FailureKind is { } kind ? StorageJson.FailureKindName(kind) : null), ("step", outcome.PrunedStep),
        ("paused", outcome.Paused ? 1 : 0),
        ("finished", StorageJson.ToUnixMs(outcome.FinishedAt)), ("id", studyId), ("number", number),
    ];

    /// <inheritdoc />
    public async ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (ReportStatement is { } statement)
        {
            var reported = await StatementAsync(connection => DbSql.ScalarAsync(connection, null, statement, cancellationToken,
                ("now", StorageJson.ToUnixMs(now)), ("id", studyId), ("number", number), ("step", value.Step), ("value", value.Value)), cancellationToken).ConfigureAwait(false);
            if (reported is not > 0)
            {
                throw await ReadAsync((connection, tx, _) => NotRunningAsync(connection, tx, studyId, number, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // Not durable: a report lost in a power cut costs nothing (the trial fails as stale anyway); the finish is durable.
        await WriteAsync(durable: false, async (connection, tx) =>
        {
            await BeforeChangeAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
            int updated = await DbSql.ExecuteAsync(connection, tx,
                $"UPDATE smt_trials SET heartbeat_at = @now, version = version + 1, revision = {ChangeIdSql} WHERE study_id = @id AND number = @number AND state = 'running'",
                cancellationToken, ("now", StorageJson.ToUnixMs(now)), ("id", studyId), ("number", number)).ConfigureAwait(false);
            if (updated == 0)
            {
                throw await NotRunningAsync(connection, tx, studyId, number, cancellationToken).ConfigureAwait(false);
            }

            return await DbSql.ExecuteAsync(connection, tx,
                "INSERT INTO smt_trial_values (study_id, number, step, value) VALUES (@id, @number, @step, @value) ON CONFLICT (study_id, number, step) DO NOTHING",
                cancellationToken, ("id", studyId), ("number", number), ("step", value.Step), ("value", value.Value)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<int>> HeartbeatAsync(long studyId, IReadOnlyList<int> numbers, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        if (numbers.Count == 0)
        {
            return Array.Empty<int>();
        }

        var (list, parameters) = DbSql.InList("n", numbers);
        var alive = await WriteAsync(durable: false, (connection, tx) =>
            DbSql.IntsAsync(connection, tx,
                $"UPDATE smt_trials SET heartbeat_at = @now WHERE study_id = @id AND state = 'running' AND number IN ({list}) RETURNING number",
                cancellationToken, [("now", StorageJson.ToUnixMs(now)), ("id", studyId), .. parameters]),
            cancellationToken).ConfigureAwait(false);
        return numbers.Where(n => !alive.Contains(n)).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<int>> FailStaleTrialsAsync(long studyId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // Every worker sweeps every heartbeat interval: look first, without a lock, and write only when there is work.
        bool any = await ReadAsync(async (connection, tx, version) =>
            version > 0 && await DbSql.ScalarAsync(connection, tx, $"SELECT COUNT(*) FROM smt_trials WHERE study_id = @id AND {StaleCondition}", cancellationToken,
                ("id", studyId), ("now", StorageJson.ToUnixMs(now))).ConfigureAwait(false) > 0,
            cancellationToken).ConfigureAwait(false);
        if (!any)
        {
            return Array.Empty<int>();
        }

        return await WriteAsync(durable: true, async (connection, tx) =>
        {
            await LockStudyAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
            await BeforeChangeAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
            var marked = await DbSql.IntsAsync(connection, tx,
                "UPDATE smt_trials SET state = 'failed', failure_kind = 'stale', finished_at = COALESCE(heartbeat_at, started_at), " +
                $"version = version + 1, revision = {ChangeIdSql} " +
                $"WHERE study_id = @id AND {StaleCondition} RETURNING number",
                cancellationToken, ("id", studyId), ("now", StorageJson.ToUnixMs(now))).ConfigureAwait(false);
            if (marked.Count > 0)
            {
                await ReleaseBudgetAsync(connection, tx, studyId, marked.Count, cancellationToken).ConfigureAwait(false);
            }

            marked.Sort();
            return (IReadOnlyList<int>)marked;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<TrialChanges> GetTrialChangesAsync(long studyId, long cursor, CancellationToken cancellationToken = default)
    {
        if (await ReadChangesInOneStatementAsync(studyId, cursor, cancellationToken).ConfigureAwait(false) is { } changes)
        {
            return changes;
        }

        return await ReadAsync(async (connection, tx, version) =>
        {
            if (version == 0)
            {
                return new TrialChanges(Array.Empty<StoredTrial>(), 0);
            }

            // The cursor first: everything committed before this snapshot is at or after it next time.
            long next = await DbSql.ScalarAsync(connection, tx, ReadCursorSql(version), cancellationToken, ("id", studyId)).ConfigureAwait(false) ?? cursor;
            var trials = await DbTrialRows.ReadAsync(connection, tx, version, $"t.study_id = @id AND {ChangedSinceSql(version)}", cancellationToken, ("id", studyId), ("since", cursor)).ConfigureAwait(false);
            return new TrialChanges(trials, Math.Max(next, cursor));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the cursor, the changed trials and their values in one statement (one snapshot, one round trip), where
    /// the provider can; null: it cannot (or the schema is older), and the caller reads them in a transaction.
    /// </summary>
    private protected virtual Task<TrialChanges?> ReadChangesInOneStatementAsync(long studyId, long cursor, CancellationToken cancellationToken) =>
        Task.FromResult<TrialChanges?>(null);

    /// <summary>Runs <paramref name="read"/> on a connection of a ready schema, outside any transaction, with this storage's error translation.</summary>
    private protected Task<T> ReadOnConnectionAsync<T>(Func<DbConnection, int, Task<T>> read, CancellationToken cancellationToken) =>
        TranslateAsync(async () =>
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                int version = await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                return await read(connection, version).ConfigureAwait(false);
            }
            finally
            {
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            }
        });

    /// <inheritdoc />
    public virtual ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        _schemaLock.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private const string StaleCondition = "state = 'running' AND COALESCE(heartbeat_at, started_at) + stale_after_ms < @now";

    private static async Task<StoredTrial?> FindByKeyAsync(DbConnection connection, DbTransaction tx, long studyId, string key, CancellationToken cancellationToken)
    {
        var found = await DbTrialRows.ReadAsync(connection, tx, DbSchema.Current, "t.study_id = @id AND t.key = @key", cancellationToken, ("id", studyId), ("key", key)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The row a reservation inserted, as a read would return it (times at millisecond precision).</summary>
    private static StoredTrial CreatedRow(long number, TrialReservation reservation)
    {
        var now = StorageJson.FromUnixMs(StorageJson.ToUnixMs(reservation.Now));
        return new StoredTrial
        {
            Number = checked((int)number),
            Key = reservation.Key,
            Params = reservation.Params.ToArray(),
            State = TrialState.Running,
            StartedAt = now,
            HeartbeatAt = now,
            StaleAfter = TimeSpan.FromMilliseconds((long)reservation.StaleAfter.TotalMilliseconds),
            WorkerId = reservation.WorkerId,
            Version = 1,
        };
    }

    private static async Task ReleaseBudgetAsync(DbConnection connection, DbTransaction tx, long studyId, int count, CancellationToken cancellationToken) =>
        await DbSql.ExecuteAsync(connection, tx, "UPDATE smt_studies SET budget_used = budget_used - @count WHERE id = @id", cancellationToken, ("count", count), ("id", studyId)).ConfigureAwait(false);

    private static async Task<TrialNotRunningException> NotRunningAsync(DbConnection connection, DbTransaction? tx, long studyId, int number, CancellationToken cancellationToken)
    {
        var current = await DbTrialRows.ReadAsync(connection, tx, DbSchema.Current, "t.study_id = @id AND t.number = @number", cancellationToken, ("id", studyId), ("number", number)).ConfigureAwait(false);
        return current.Count == 0
            ? new TrialNotRunningException($"Study {studyId} has no trial {number}.")
            : new TrialNotRunningException($"Trial {number} of study {studyId} is already {StorageJson.StateName(current[0].State)}.", current[0]);
    }

    /// <summary>Runs a write transaction (after the schema is ready); rolls back when <paramref name="write"/> throws.</summary>
    private async Task<T> WriteAsync<T>(bool durable, Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        await TranslateAsync(async () =>
        {
            if (IsReadOnly)
            {
                throw new StudyStorageException($"{Description} was opened read-only; this operation writes.", isTransient: false);
            }

            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                var tx = await BeginWriteAsync(connection, durable, cancellationToken).ConfigureAwait(false);
                try
                {
                    var result = await write(connection, tx).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
                finally
                {
                    // A failed statement or commit (e.g. a full disk) may have ended the transaction already: neither
                    // the transaction nor the connection may replace the real error with "cannot rollback - no
                    // transaction is active" while they are disposed.
                    await DisposeQuietlyAsync(tx).ConfigureAwait(false);
                    await EndWriteAsync(connection, durable).ConfigureAwait(false);
                }
            }
            finally
            {
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

    /// <summary>Runs one statement outside any transaction (after the schema is ready): it commits on its own.</summary>
    private async Task<T> StatementAsync<T>(Func<DbConnection, Task<T>> statement, CancellationToken cancellationToken) =>
        await TranslateAsync(async () =>
        {
            if (IsReadOnly)
            {
                throw new StudyStorageException($"{Description} was opened read-only; this operation writes.", isTransient: false);
            }

            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            return await statement(connection).ConfigureAwait(false);
        }).ConfigureAwait(false);

    /// <summary>Runs a read transaction: every statement sees one snapshot. The delegate gets the schema version (0: no tables yet).</summary>
    private async Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, int, Task<T>> read, CancellationToken cancellationToken) =>
        await TranslateAsync(async () =>
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                int version = await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                var tx = await BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
                try
                {
                    var result = await read(connection, tx, version).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
                finally
                {
                    await DisposeQuietlyAsync(tx).ConfigureAwait(false);
                }
            }
            finally
            {
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

    private async Task<T> TranslateAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not StudyStorageException and not TrialNotRunningException and not KeyRaceException and not OperationCanceledException && Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    private static async Task DisposeQuietlyAsync(IAsyncDisposable disposable)
    {
        try
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The operation's own error (or success) is what the caller needs; a failing rollback adds nothing.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Reads the schema version without writing; creates or migrates the schema (under the schema lock) only when
    /// it is missing or older and the storage may write. Returns the version reads should use (0: no tables).
    /// </summary>
    private async Task<int> EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_schemaVersion == DbSchema.Current || (IsReadOnly && _schemaVersion > 0))
        {
            return _schemaVersion;
        }

        int version = await DbSchema.ReadVersionAsync(connection, null, IsMissingTable, cancellationToken).ConfigureAwait(false);
        if (version > DbSchema.Current)
        {
            throw new StudyStorageException($"{Description} was written by a newer StochasticMutatorTuner (schema {version}; this version reads up to {DbSchema.Current}). Upgrade the package.", isTransient: false);
        }

        if (version < DbSchema.Current && !IsReadOnly)
        {
            await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var tx = await BeginWriteAsync(connection, durable: true, cancellationToken).ConfigureAwait(false);
                try
                {
                    await LockSchemaAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                    await DbSql.ExecuteAsync(connection, tx, DbSchema.CreateMeta, cancellationToken).ConfigureAwait(false);
                    version = await DbSchema.ReadVersionAsync(connection, tx, IsMissingTable, cancellationToken).ConfigureAwait(false);
                    if (version < DbSchema.Current)
                    {
                        await DbSchema.MigrateAsync(connection, tx, version, Types, cancellationToken).ConfigureAwait(false);
                    }

                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    version = DbSchema.Current;
                }
                finally
                {
                    await DisposeQuietlyAsync(tx).ConfigureAwait(false);
                    await EndWriteAsync(connection, durable: true).ConfigureAwait(false);
                }
            }
            finally
            {
                _schemaLock.Release();
            }
        }

        _schemaVersion = version;
        return version;
    }

    /// <summary>Another worker inserted the key between our check and our insert: the transaction is rolled back.</summary>
    private protected sealed class KeyRaceException : Exception
    {
    }
}
