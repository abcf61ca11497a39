using System.Data.Common;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// The SQL both database storages share (SQLite and PostgreSQL speak the same dialect for everything here);
/// each subclass supplies connections, the write lock, the schema's types and its retry policy.
/// </summary>
/// <remarks>
/// Every statement is parameterized; names and values are always data. Writes that must be atomic run in one
/// transaction that first takes the study's write lock (<see cref="BeginWriteAsync"/>), so numbering, key
/// uniqueness, the trial limit and the study's revision counter never race, across processes and machines.
/// </remarks>
public abstract class DbStudyStorage : IStudyStorage
{
    /// <summary>The schema version this code writes. Older databases are migrated on open; newer ones are refused.</summary>
    public const int SchemaVersion = 1;

    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private bool _schemaReady;

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>Opens a connection (pooled by the provider).</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction holding the write lock of study <paramref name="studyId"/> (or of the database).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, long? studyId, CancellationToken cancellationToken);

    /// <summary>The statements that create schema version 1, in this database's types.</summary>
    protected abstract IReadOnlyList<string> CreateSchemaStatements { get; }

    /// <summary>Runs <paramref name="operation"/>, retrying on transient lock errors where the database has them.</summary>
    protected virtual Task<T> WithRetryAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken) => operation();

    /// <inheritdoc />
    public async ValueTask<StudyInfo> CreateOrOpenStudyAsync(StudyDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(definition.Name);
        return await WriteAsync(null, async (connection, tx) =>
        {
            await ExecuteAsync(connection, tx,
                "INSERT INTO smt_studies (name, direction, space_fingerprint, space_json, created_at, revision) " +
                "VALUES (@name, @direction, @fingerprint, @space, @now, 0) ON CONFLICT (name) DO NOTHING",
                cancellationToken,
                ("name", definition.Name),
                ("direction", StorageJson.DirectionName(definition.Direction)),
                ("fingerprint", definition.SpaceFingerprint),
                ("space", definition.SpaceJson),
                ("now", StorageJson.ToUnixMs(DateTimeOffset.UtcNow))).ConfigureAwait(false);
            return (await FindStudyAsync(connection, tx, definition.Name, cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask UpdateStudySpaceAsync(long studyId, string spaceFingerprint, string spaceJson, CancellationToken cancellationToken = default)
    {
        await WriteAsync(studyId, async (connection, tx) =>
        {
            await ExecuteAsync(connection, tx, "UPDATE smt_studies SET space_fingerprint = @fingerprint, space_json = @space WHERE id = @id", cancellationToken,
                ("fingerprint", spaceFingerprint), ("space", spaceJson), ("id", studyId)).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(async connection => await FindStudyAsync(connection, null, name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StudyInfo>> ListStudiesAsync(CancellationToken cancellationToken = default)
    {
        return await ReadAsync(async connection =>
        {
            using var command = Command(connection, null, $"SELECT {StudyColumns} FROM smt_studies ORDER BY name");
            return (IReadOnlyList<StudyInfo>)await ReadStudiesAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteStudyAsync(string name, CancellationToken cancellationToken = default)
    {
        return await WriteAsync(null, async (connection, tx) =>
        {
            var study = await FindStudyAsync(connection, tx, name, cancellationToken).ConfigureAwait(false);
            if (study is null)
            {
                return false;
            }

            foreach (var table in TrialTables)
            {
                await ExecuteAsync(connection, tx, $"DELETE FROM {table} WHERE study_id = @id", cancellationToken, ("id", study.Id)).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, tx, "DELETE FROM smt_studies WHERE id = @id", cancellationToken, ("id", study.Id)).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ReservationResult> ReserveTrialAsync(long studyId, TrialReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return await WriteAsync(studyId, async (connection, tx) =>
        {
            var existing = await ReadTrialsAsync(connection, tx, "t.study_id = @id AND t.key = @key", cancellationToken, ("id", studyId), ("key", reservation.Key)).ConfigureAwait(false);
            if (existing.Count > 0)
            {
                return new ReservationResult(ReservationStatus.KeyTaken, existing[0]);
            }

            long count = await ScalarAsync(connection, tx, "SELECT COUNT(*) FROM smt_trials WHERE study_id = @id", cancellationToken, ("id", studyId)).ConfigureAwait(false);
            if (reservation.MaxTrials is { } max && count >= max)
            {
                return new ReservationResult(ReservationStatus.StudyFull, null);
            }

            long revision = await NextRevisionAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
            long now = StorageJson.ToUnixMs(reservation.Now);
            await ExecuteAsync(connection, tx,
                "INSERT INTO smt_trials (study_id, number, key, params_json, state, metrics_json, started_at, heartbeat_at, worker_id, revision) " +
                "VALUES (@id, @number, @key, @params, 'running', '{}', @now, @now, @worker, @revision)",
                cancellationToken,
                ("id", studyId), ("number", count), ("key", reservation.Key), ("params", StorageJson.WriteParams(reservation.Params)),
                ("now", now), ("worker", reservation.WorkerId), ("revision", revision)).ConfigureAwait(false);
            var created = await ReadTrialsAsync(connection, tx, "t.study_id = @id AND t.number = @number", cancellationToken, ("id", studyId), ("number", count)).ConfigureAwait(false);
            return new ReservationResult(ReservationStatus.Created, created[0]);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.State == TrialState.Running)
        {
            throw new ArgumentException("A trial can only finish in a final state.", nameof(outcome));
        }

        double? score = outcome.State == TrialState.Complete && outcome.Score is { } s && double.IsFinite(s) ? s : null;
        return await WriteAsync(studyId, async (connection, tx) =>
        {
            await EnsureRunningAsync(connection, tx, studyId, number, cancellationToken).ConfigureAwait(false);
            long revision = await NextRevisionAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx,
                "UPDATE smt_trials SET state = @state, score = @score, metrics_json = @metrics, error = @error, finished_at = @finished, revision = @revision " +
                "WHERE study_id = @id AND number = @number",
                cancellationToken,
                ("state", StorageJson.StateName(outcome.State)), ("score", score), ("metrics", StorageJson.WriteMetrics(outcome.Metrics)),
                ("error", outcome.Error), ("finished", StorageJson.ToUnixMs(outcome.FinishedAt)), ("revision", revision),
                ("id", studyId), ("number", number)).ConfigureAwait(false);
            return (await ReadTrialsAsync(connection, tx, "t.study_id = @id AND t.number = @number", cancellationToken, ("id", studyId), ("number", number)).ConfigureAwait(false))[0];
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await WriteAsync(studyId, async (connection, tx) =>
        {
            await EnsureRunningAsync(connection, tx, studyId, number, cancellationToken).ConfigureAwait(false);
            long revision = await NextRevisionAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx,
                "INSERT INTO smt_trial_values (study_id, number, step, value) VALUES (@id, @number, @step, @value)",
                cancellationToken, ("id", studyId), ("number", number), ("step", value.Step), ("value", value.Value)).ConfigureAwait(false);
            await ExecuteAsync(connection, tx,
                "UPDATE smt_trials SET heartbeat_at = @now, revision = @revision WHERE study_id = @id AND number = @number",
                cancellationToken, ("now", StorageJson.ToUnixMs(now)), ("revision", revision), ("id", studyId), ("number", number)).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask HeartbeatAsync(long studyId, int number, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await WriteAsync(studyId, async (connection, tx) =>
        {
            await EnsureRunningAsync(connection, tx, studyId, number, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, "UPDATE smt_trials SET heartbeat_at = @now WHERE study_id = @id AND number = @number",
                cancellationToken, ("now", StorageJson.ToUnixMs(now)), ("id", studyId), ("number", number)).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> FailStaleTrialsAsync(long studyId, DateTimeOffset olderThan, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        return await WriteAsync(studyId, async (connection, tx) =>
        {
            var stale = await ReadTrialsAsync(connection, tx, "t.study_id = @id AND t.state = 'running' AND COALESCE(t.heartbeat_at, t.started_at) < @before",
                cancellationToken, ("id", studyId), ("before", StorageJson.ToUnixMs(olderThan))).ConfigureAwait(false);
            foreach (var trial in stale)
            {
                long revision = await NextRevisionAsync(connection, tx, studyId, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx,
                    "UPDATE smt_trials SET state = 'failed', error = @error, finished_at = @now, revision = @revision WHERE study_id = @id AND number = @number",
                    cancellationToken, ("error", StaleTrial.Message(trial.HeartbeatAt ?? trial.StartedAt)), ("now", StorageJson.ToUnixMs(now)),
                    ("revision", revision), ("id", studyId), ("number", trial.Number)).ConfigureAwait(false);
            }

            return stale.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredTrial>> GetTrialsAsync(long studyId, long sinceRevision = 0, CancellationToken cancellationToken = default)
    {
        return await ReadAsync(async connection =>
            (IReadOnlyList<StoredTrial>)await ReadTrialsAsync(connection, null, "t.study_id = @id AND t.revision > @since", cancellationToken, ("id", studyId), ("since", sinceRevision)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        _schemaLock.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Creates or migrates the schema once per storage instance.</summary>
    protected async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var tx = await BeginWriteAsync(connection, null, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS smt_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", cancellationToken).ConfigureAwait(false);
            using (var read = Command(connection, tx, "SELECT value FROM smt_meta WHERE key = 'schema_version'"))
            {
                var found = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                int version = found is null or DBNull ? 0 : int.Parse((string)found, System.Globalization.CultureInfo.InvariantCulture);
                if (version > SchemaVersion)
                {
                    throw new InvalidOperationException($"{Description} was written by a newer StochasticMutatorTuner (schema {version}; this version reads up to {SchemaVersion}). Upgrade the package.");
                }

                if (version < 1)
                {
                    foreach (var statement in CreateSchemaStatements)
                    {
                        await ExecuteAsync(connection, tx, statement, cancellationToken).ConfigureAwait(false);
                    }
                }

                // Later versions add their migrations here: if (version < 2) { ... }
                await ExecuteAsync(connection, tx,
                    "INSERT INTO smt_meta (key, value) VALUES ('schema_version', @v) ON CONFLICT (key) DO UPDATE SET value = @v",
                    cancellationToken, ("v", SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <summary>The schema-1 tables, in the common dialect with the given column types.</summary>
    protected static IReadOnlyList<string> SchemaStatements(string idColumn, string bigint, string real) => new[]
    {
        $"CREATE TABLE smt_studies (id {idColumn}, name TEXT NOT NULL UNIQUE, direction TEXT NOT NULL, space_fingerprint TEXT NOT NULL, space_json TEXT NOT NULL, created_at {bigint} NOT NULL, revision {bigint} NOT NULL)",
        $"CREATE TABLE smt_trials (study_id {bigint} NOT NULL REFERENCES smt_studies (id), number INTEGER NOT NULL, key TEXT NOT NULL, params_json TEXT NOT NULL, state TEXT NOT NULL, score {real}, metrics_json TEXT NOT NULL, started_at {bigint} NOT NULL, finished_at {bigint}, heartbeat_at {bigint}, error TEXT, worker_id TEXT, revision {bigint} NOT NULL, PRIMARY KEY (study_id, number), UNIQUE (study_id, key))",
        "CREATE INDEX smt_trials_revision ON smt_trials (study_id, revision)",
        $"CREATE TABLE smt_trial_values (study_id {bigint} NOT NULL, number INTEGER NOT NULL, step INTEGER NOT NULL, value {real} NOT NULL, PRIMARY KEY (study_id, number, step))",
    };

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken) =>
        await WithRetryAsync(async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            return await read(connection).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    private async Task<T> WriteAsync<T>(long? studyId, Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        await WithRetryAsync(async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            await using var tx = await BeginWriteAsync(connection, studyId, cancellationToken).ConfigureAwait(false);
            var result = await write(connection, tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }, cancellationToken).ConfigureAwait(false);

    private static readonly string[] TrialTables = { "smt_trial_values", "smt_trials" };

    private const string StudyColumns = "id, name, direction, space_fingerprint, space_json, created_at";

    private static async Task<StudyInfo?> FindStudyAsync(DbConnection connection, DbTransaction? tx, string name, CancellationToken cancellationToken)
    {
        using var command = Command(connection, tx, $"SELECT {StudyColumns} FROM smt_studies WHERE name = @name", ("name", name));
        var studies = await ReadStudiesAsync(command, cancellationToken).ConfigureAwait(false);
        return studies.Count == 0 ? null : studies[0];
    }

    private static async Task<List<StudyInfo>> ReadStudiesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var result = new List<StudyInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StudyInfo(
                Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetString(1),
                StorageJson.ParseDirection(reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                StorageJson.FromUnixMs(Convert.ToInt64(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return result;
    }

    private static async Task<List<StoredTrial>> ReadTrialsAsync(DbConnection connection, DbTransaction? tx, string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var trials = new List<StoredTrial>();
        using (var command = Command(connection, tx,
            "SELECT t.number, t.key, t.params_json, t.state, t.score, t.metrics_json, t.started_at, t.finished_at, t.heartbeat_at, t.error, t.worker_id, t.revision " +
            $"FROM smt_trials t WHERE {where} ORDER BY t.number", parameters))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                trials.Add(new StoredTrial
                {
                    Number = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                    Key = reader.GetString(1),
                    Params = StorageJson.ReadParams(reader.GetString(2)),
                    State = StorageJson.ParseState(reader.GetString(3)),
                    Score = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                    Metrics = StorageJson.ReadMetrics(reader.GetString(5)),
                    StartedAt = StorageJson.FromUnixMs(Convert.ToInt64(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture)),
                    FinishedAt = reader.IsDBNull(7) ? null : StorageJson.FromUnixMs(Convert.ToInt64(reader.GetValue(7), System.Globalization.CultureInfo.InvariantCulture)),
                    HeartbeatAt = reader.IsDBNull(8) ? null : StorageJson.FromUnixMs(Convert.ToInt64(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture)),
                    Error = reader.IsDBNull(9) ? null : reader.GetString(9),
                    WorkerId = reader.IsDBNull(10) ? null : reader.GetString(10),
                    Revision = Convert.ToInt64(reader.GetValue(11), System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }

        if (trials.Count == 0)
        {
            return trials;
        }

        // Per-step values of exactly these trials.
        var byNumber = trials.ToDictionary(t => t.Number, _ => new List<IntermediateValue>());
        using (var command = Command(connection, tx,
            "SELECT v.number, v.step, v.value FROM smt_trial_values v JOIN smt_trials t ON t.study_id = v.study_id AND t.number = v.number " +
            $"WHERE {where} ORDER BY v.number, v.step", parameters))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                int number = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                byNumber[number].Add(new IntermediateValue(Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), reader.GetDouble(2)));
            }
        }

        for (int i = 0; i < trials.Count; i++)
        {
            if (byNumber[trials[i].Number].Count > 0)
            {
                trials[i] = trials[i] with { IntermediateValues = byNumber[trials[i].Number] };
            }
        }

        return trials;
    }

    private static async Task EnsureRunningAsync(DbConnection connection, DbTransaction tx, long studyId, int number, CancellationToken cancellationToken)
    {
        using var command = Command(connection, tx, "SELECT state FROM smt_trials WHERE study_id = @id AND number = @number", ("id", studyId), ("number", number));
        var state = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (state is null or DBNull)
        {
            throw new InvalidOperationException($"Study {studyId} has no trial {number}.");
        }

        if ((string)state != "running")
        {
            throw new InvalidOperationException($"Trial {number} of study {studyId} is already {state}.");
        }
    }

    private static async Task<long> NextRevisionAsync(DbConnection connection, DbTransaction tx, long studyId, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, tx, "UPDATE smt_studies SET revision = revision + 1 WHERE id = @id RETURNING revision", cancellationToken, ("id", studyId)).ConfigureAwait(false);

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull
            ? throw new InvalidOperationException($"The storage returned no value for: {sql}")
            : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

#pragma warning disable CA2100 // SQL text is built only from constants of this class; every value is a parameter.
    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
#pragma warning restore CA2100
}
