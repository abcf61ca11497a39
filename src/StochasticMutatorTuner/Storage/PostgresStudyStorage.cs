using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Npgsql;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// A PostgreSQL storage: any number of worker processes on any number of machines share one study.
/// </summary>
/// <remarks>
/// <para><b>Locks:</b> a reservation locks the study's row for one statement that commits on its own (it counts the next trial
/// number and the budget); heartbeats, reports and finishes lock only their trial's row; reads lock nothing. Every
/// session runs with <c>lock_timeout</c> = 5 s, <c>idle_in_transaction_session_timeout</c> = 10 s and
/// <c>statement_timeout</c> = 60 s (unless the connection string sets them), so a worker that is frozen or cut off
/// inside a transaction holds nothing for more than about 10 s: the server ends its session.</para>
/// <para><b>Durability:</b> reservations, finishes and every other change of a study wait for the server's WAL flush;
/// per-step reports and heartbeats do not (<c>synchronous_commit = off</c> for their transaction), so reporting every
/// epoch costs a round trip, not a disk flush.</para>
/// <para><b>Change feed:</b> every written row records its transaction id; a read returns the rows of
/// transactions at or after the oldest one still running when the previous read's snapshot was taken, so a
/// transaction that commits late is never skipped and no study-wide counter (a lock) is needed.</para>
/// <para><b>Connections:</b> each process keeps a pool of at most <see cref="DefaultMaxPoolSize"/> connections unless
/// the connection string says otherwise (<c>Maximum Pool Size</c>); a worker uses one or two at a time. The server's
/// <c>max_connections</c> (100 by default) must exceed the workers' total; a worker that finds the server full
/// retries. Each connection prepares the statements it sends for every trial (<c>Max Auto Prepare</c> = 32 unless the
/// connection string sets it; set it to 0 behind a pooler that cannot keep prepared statements).</para>
/// </remarks>
public sealed class PostgresStudyStorage : DbStudyStorage
{
    /// <summary>The connection pool size per process when the connection string does not set one.</summary>
    public const int DefaultMaxPoolSize = 8;

    /// <summary>How many statements each connection prepares on the server once they are used often (Npgsql's <c>Max Auto Prepare</c>) when the connection string does not say.</summary>
    private const int AutoPreparedStatements = 32;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _host;

    private PostgresStudyStorage(NpgsqlDataSource dataSource, string description, string host, bool readOnly)
        : base(readOnly)
    {
        _dataSource = dataSource;
        _host = host;
        Description = description;
    }

    /// <inheritdoc />
    public override string Description { get; }

    /// <summary>
    /// Opens a PostgreSQL storage from a URL (<c>postgres://user:password@host:port/database</c>) or an Npgsql
    /// connection string. The database must exist; the tables are created on first use (unless read-only).
    /// </summary>
    /// <exception cref="StudyStorageException">The location is not a valid URL or connection string.</exception>
    public static PostgresStudyStorage Open(string location, bool readOnly = false)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(ToConnectionString(location));
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or FormatException or KeyNotFoundException)
        {
            throw new StudyStorageException($"'{Redact(location)}' is not a PostgreSQL URL (postgres://user:password@host:port/database) or connection string: {ex.Message}", isTransient: false, ex);
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new StudyStorageException("The PostgreSQL location names no host. Use postgres://user:password@host:port/database.", isTransient: false);
        }

        if (!builder.ContainsKey("Maximum Pool Size") && !location.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!location.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            // A busy server (a startup storm of workers) answers slowly; giving up on a half-made connection and
            // retrying only adds to its load.
            builder.Timeout = 30;
            builder.CommandTimeout = 90;
        }

        if (!location.Contains("Idle Lifetime", StringComparison.OrdinalIgnoreCase))
        {
            // Connections a worker needed once (a heartbeat beside a reservation) go back to the server soon, so a
            // fleet's idle connections do not fill max_connections.
            builder.ConnectionIdleLifetime = 15;
            builder.ConnectionPruningInterval = 5;
        }

        if (!location.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            // This storage leaves no session state behind (settings are the session's start-up options, transactions
            // end before a connection goes back), so a pooled connection needs no DISCARD ALL: that was one more
            // server transaction for every storage call.
            builder.NoResetOnClose = true;
        }

        if (!location.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            // A worker sends the same few statements for every trial (refresh, reservation, finish, report): prepared
            // once per connection, the server no longer parses and plans them each time. A pooler that cannot keep
            // prepared statements (PgBouncer in transaction mode before 1.21) needs Max Auto Prepare=0 in the location.
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        builder.Options = SessionOptions(builder.Options, readOnly);
        string host = $"{builder.Host}:{builder.Port}";
        var description = $"PostgreSQL database {builder.Database} on {host}";
        return new PostgresStudyStorage(new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).EnableArrays().Build(), description, host, readOnly);
    }

    /// <summary>Turns a <c>postgres://</c> URL into an Npgsql connection string; other text is returned as it is.</summary>
    public static string ToConnectionString(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (!location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return location;
        }

        var uri = new Uri(location);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }

        return builder.ConnectionString;
    }

    /// <inheritdoc />
    private protected override DbTypes Types => ColumnTypes;

    /// <summary>PostgreSQL's column types (tests build old schemas with them).</summary>
    internal static DbTypes ColumnTypes { get; } = new("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "BIGINT", "DOUBLE PRECISION");

    /// <inheritdoc />
    private protected override string ChangeIdSql => ChangeId;

    /// <summary>Lets the current transaction commit without waiting for the WAL flush (reports and heartbeats only).</summary>
    private const string NoFlush = "set_config('synchronous_commit', 'off', true)";

    /// <summary>A written row's change position: its transaction's id.</summary>
    private const string ChangeId = "pg_current_xact_id()::text::bigint";

    /// <inheritdoc />
    private protected override string ReadCursorSql(int schemaVersion) => schemaVersion >= 2
        ? "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
        : "SELECT revision FROM smt_studies WHERE id = @id"; // schema 1 numbered changes with a study counter

    /// <inheritdoc />
    private protected override string ChangedSinceSql(int schemaVersion) => schemaVersion >= 2 ? "t.revision >= @since" : "t.revision > @since";

    /// <inheritdoc />
    private protected override Task<TrialChanges?> ReadChangesInOneStatementAsync(long studyId, long cursor, CancellationToken cancellationToken) =>
        ReadOnConnectionAsync<TrialChanges?>(async (connection, version) =>
        {
            if (version < 2)
            {
                return null;
            }

            // One statement sees one snapshot (READ COMMITTED): the cursor, the trials and their values agree.
            using var command = DbSql.Command(connection, null, version == DbSchema.Current ? CurrentChangesStatement : ChangesStatement(version), ("id", studyId), ("since", cursor));
            var trials = new List<StoredTrial>();
            long next = cursor;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                next = Math.Max(next, reader.GetInt64(0));
                if (reader.IsDBNull(1))
                {
                    continue; // the snapshot row alone: nothing changed
                }

                trials.Add(WithValueArrays(DbTrialRows.ReadTrial(reader, 1), reader, 1 + DbTrialRows.TrialColumnCount));
            }

            return new TrialChanges(trials, next);
        }, cancellationToken);

    /// <inheritdoc />
    private protected override string? ReportStatement { get; } =
        // One round trip instead of four (begin, trial row, value, commit). set_config(..., true) lasts until this
        // statement's own transaction commits: the report does not wait for the WAL flush (see BeginWriteAsync).
        "WITH no_flush AS (SELECT " + NoFlush + " AS setting), " +
        "trial AS (UPDATE smt_trials SET heartbeat_at = @now, version = version + 1, revision = " + ChangeId + " " +
        "WHERE study_id = @id AND number = @number AND state = 'running' AND EXISTS (SELECT 1 FROM no_flush) RETURNING number), " +
        "stored AS (INSERT INTO smt_trial_values (study_id, number, step, value) SELECT @id, number, @step, @value FROM trial " +
        "ON CONFLICT (study_id, number, step) DO NOTHING) " +
        "SELECT COUNT(*) FROM trial";

    /// <inheritdoc />
    private protected override bool FinishesInOneStatement => true;

    /// <inheritdoc />
    private protected override async Task<StoredTrial?> FinishInOneStatementAsync(DbConnection connection, string update, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        using var command = DbSql.Command(connection, null, $"{update} RETURNING {FinishReturning}", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? WithValueArrays(DbTrialRows.ReadTrial(reader, 0), reader, DbTrialRows.TrialColumnCount)
            : null;
    }

    /// <summary>The trial with the per-step values of the two array columns (steps, values) at <paramref name="at"/>, when they are not null.</summary>
    private static StoredTrial WithValueArrays(StoredTrial trial, DbDataReader reader, int at)
    {
        if (reader.IsDBNull(at))
        {
            return trial;
        }

        var steps = reader.GetFieldValue<int[]>(at);
        var values = reader.GetFieldValue<double[]>(at + 1);
        var list = new IntermediateValue[steps.Length];
        for (int i = 0; i < list.Length; i++)
        {
            list[i] = new IntermediateValue(steps[i], values[i]);
        }

        return trial with { IntermediateValues = list };
    }

    /// <summary>What a finish returns: the trial's columns and its per-step values as two arrays (steps, values).</summary>
    private static readonly string FinishReturning =
        $"{DbTrialRows.TrialColumns(DbSchema.Current).Replace("t.", "", StringComparison.Ordinal)}, " +
        "(SELECT array_agg(v.step ORDER BY v.step) FROM smt_trial_values v WHERE v.study_id = smt_trials.study_id AND v.number = smt_trials.number), " +
        "(SELECT array_agg(v.value ORDER BY v.step) FROM smt_trial_values v WHERE v.study_id = smt_trials.study_id AND v.number = smt_trials.number)";

    private static readonly string CurrentChangesStatement = ChangesStatement(DbSchema.Current);

    /// <summary>The one-statement change read of a schema version (an older one only read-only: its missing columns read as their defaults).</summary>
    private static string ChangesStatement(int schemaVersion) =>
        $"SELECT s.cursor, {DbTrialRows.TrialColumns(schemaVersion)}, agg.steps, agg.vals " +
        "FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS cursor) s " +
        "LEFT JOIN smt_trials t ON t.study_id = @id AND t.revision >= @since " +
        "LEFT JOIN LATERAL (SELECT array_agg(v.step ORDER BY v.step) AS steps, array_agg(v.value ORDER BY v.step) AS vals " +
        "FROM smt_trial_values v WHERE v.study_id = t.study_id AND v.number = t.number) agg ON true " +
        "ORDER BY t.number";

    /// <inheritdoc />
    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    private protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, bool durable, CancellationToken cancellationToken)
    {
        var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        if (!durable)
        {
            // Per-step reports and heartbeats: committed without waiting for the server's WAL flush (for this transaction
            // only). A server crash may lose the last of them, which costs nothing: the next report or heartbeat comes,
            // and the trial's finish (a durable commit) flushes everything before it. Reservations and finishes stay
            // durable: a lost reservation would hand its number out twice.
            await DbSql.ExecuteAsync(connection, tx, "SELECT " + NoFlush, cancellationToken).ConfigureAwait(false);
        }

        return tx;
    }

    /// <inheritdoc />
    private protected override async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // One snapshot for the cursor, the trials and their values.
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    private protected override async Task LockSchemaAsync(DbConnection connection, DbTransaction tx, CancellationToken cancellationToken) =>
        // Schema creation and migration: one database-wide lock (an arbitrary constant key), released at commit.
        await DbSql.ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(727170001)", cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    private protected override async Task LockStudyAsync(DbConnection connection, DbTransaction tx, long studyId, CancellationToken cancellationToken) =>
        await DbSql.ExecuteAsync(connection, tx, "SELECT 1 FROM smt_studies WHERE id = @id FOR NO KEY UPDATE", cancellationToken, ("id", studyId)).ConfigureAwait(false);

    /// <inheritdoc />
    private protected override bool ReservesInOneStatement => true;

    /// <inheritdoc />
    private protected override async Task<(long? Number, bool Taken)> InsertTrialAsync(DbConnection connection, DbTransaction? tx, long studyId, TrialReservation reservation, CancellationToken cancellationToken)
    {
        // One statement, one round trip, its own transaction: count on the study row, insert. The study row is locked
        // only while the server runs it. A key that exists (or that another worker inserted and commits meanwhile:
        // the insert waits for its commit) fails the insert on the unique index and with it the whole statement,
        // count included, so numbers stay dense; the caller then reads the other trial. The key is not looked up
        // first: the unique index checks it anyway, and a look-up is planned from statistics that lag behind a
        // growing study (PostgreSQL then scans the study's trials by another index while it holds the study row).
        using var command = DbSql.Command(connection, tx,
            "WITH c AS (UPDATE smt_studies SET trial_count = trial_count + 1, budget_used = budget_used + 1, revision = revision + 1 " +
            "WHERE id = @id AND budget_used < @max RETURNING trial_count - 1 AS number) " +
            $"INSERT INTO smt_trials (number, {TrialInsertColumns}) SELECT c.number, {TrialInsertValues} FROM c RETURNING number",
            TrialInsertParameters(studyId, reservation));
        try
        {
            var number = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return (number is null or DBNull ? null : DbSql.ToLong(number), false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new KeyRaceException();
        }
    }

    /// <inheritdoc />
    private protected override bool IsMissingTable(Exception exception) => exception is PostgresException { SqlState: "42P01" };

    /// <inheritdoc />
    private protected override StudyStorageException? Translate(Exception exception)
    {
        if (exception is PostgresException pg)
        {
            return TranslateServerError(pg);
        }

        if (exception is not (NpgsqlException or SocketException or IOException or TimeoutException))
        {
            return null;
        }

        // Npgsql throws a socket error as it is (a name that does not resolve) or wrapped (a refused connection).
        var socket = FindInner<SocketException>(exception);
        if (socket?.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            return new StudyStorageException($"{Description}: the host '{_host.Split(':')[0]}' was not found. Check the host name in the storage location.", isTransient: false, exception);
        }

        if (socket?.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new StudyStorageException($"{Description}: {_host} refused the connection. Is the server running and listening on that port?", isTransient: true, exception) { IsUnreachable = true };
        }

        string what = FindInner<TimeoutException>(exception) is not null ? "did not answer in time" : $"the connection failed ({exception.InnerException?.Message ?? exception.Message})";
        return new StudyStorageException($"{Description}: {what}.", isTransient: true, exception);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private StudyStorageException TranslateServerError(PostgresException pg)
    {
        string state = pg.SqlState;
        string detail = $"{state} {pg.MessageText}";
        bool transient = state.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || state.StartsWith("57P", StringComparison.Ordinal)          // admin/crash shutdown, cannot connect now
            || state is "40001" or "40P01"                                  // serialization failure, deadlock
            || state is "55P03" or "57014" or "25P03"                       // lock, statement and idle-in-transaction timeouts
            || state is "53300" or "53400";                                 // too many connections, configuration limit
        if (transient)
        {
            return new StudyStorageException($"{Description} is unavailable right now ({detail}).", isTransient: true, pg);
        }

        string message = state switch
        {
            "28P01" or "28000" => $"{Description}: the server refused the user name or password ({detail}). Check the credentials in the storage location.",
            "3D000" => $"{Description}: the database does not exist ({detail}). Create it first (createdb), or fix its name.",
            "42501" => $"{Description}: permission denied ({detail}). The role needs SELECT, INSERT and UPDATE on the smt_ tables (and CREATE on first use); a read-only role can open the storage read-only.",
            "53100" => $"{Description}: the server's disk is full ({detail}). Free space on the database server; the study is intact.",
            _ => $"{Description}: {detail}",
        };
        return new StudyStorageException(message, isTransient: false, pg);
    }

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string SessionOptions(string? given, bool readOnly)
    {
        var options = given ?? "";
        foreach (var (name, value) in new[] { ("lock_timeout", "5s"), ("idle_in_transaction_session_timeout", "10s"), ("statement_timeout", "60s") })
        {
            if (!options.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                options += $" -c {name}={value}";
            }
        }

        if (readOnly && !options.Contains("default_transaction_read_only", StringComparison.OrdinalIgnoreCase))
        {
            options += " -c default_transaction_read_only=on";
        }

        return options.Trim();
    }

    /// <summary>The location with any password replaced, for error messages.</summary>
    private static string Redact(string location) =>
        System.Text.RegularExpressions.Regex.Replace(location, @"(://[^:/@]*:)[^@]*@|(password\s*=\s*)[^;]*", m => m.Groups[1].Success ? m.Groups[1].Value + "***@" : m.Groups[2].Value + "***", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
