using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// The default storage: one SQLite file, created on first use. Several threads and several processes on one
/// machine may share it: the file runs in WAL mode (readers never wait for the writer), writers take SQLite's write
/// lock up front (<c>BEGIN IMMEDIATE</c>) and wait up to <see cref="BusyTimeout"/> for it; a <see cref="Study"/>
/// retries a write that still finds the database busy.
/// </summary>
/// <remarks>
/// <para>Every transaction commits at <c>synchronous = NORMAL</c>: when a write returns it is in the file and survives
/// a crash of the process. Writes that must also survive a power loss (a trial's final result, a new study, an
/// artifact's record) then have the file's write-ahead log synced to the disk in the background (one fsync serves
/// every result written meanwhile, and it holds no lock, so other writers never wait for the disk);
/// <see cref="FlushAsync"/> waits for it, and a search returns only after it has. Reservations, per-step reports and
/// heartbeats ask for no sync (a power loss may lose the last of them for a trial whose worker died with the
/// machine; the next sync makes them durable too), so a trial costs no fsync on its way and reporting every epoch
/// stays cheap.</para>
/// <para>Do not put the file on a network share: SQLite's locking is unreliable there. For workers on several
/// machines use PostgreSQL. SQLite has no server to end the transaction of a process that is frozen (SIGSTOP,
/// a debugger) while it holds the write lock; our write transactions last microseconds, so this needs a freeze at
/// exactly that moment, and the others wait until the process resumes or dies.</para>
/// </remarks>
public sealed class SqliteStudyStorage : DbStudyStorage
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>The physical connections (SQLite handles) whose session settings are made.</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private readonly string _connectionString;
    private readonly DeferredFileSync _walSync;

    /// <summary>Opens (creating it and its folder when missing) the SQLite file at <paramref name="path"/>.</summary>
    /// <exception cref="StudyStorageException">The path is a folder, or the file exists but is not a SQLite database (it is left untouched).</exception>
    public SqliteStudyStorage(string path)
        : this(path, readOnly: false)
    {
    }

    /// <summary>Opens the SQLite file at <paramref name="path"/>; with <paramref name="readOnly"/> it must exist and nothing is ever written to it.</summary>
    /// <exception cref="StudyStorageException">The path is a folder, the file is missing (read-only), or it is not a SQLite database.</exception>
    public SqliteStudyStorage(string path, bool readOnly)
        : base(readOnly)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        EnsureIsDatabaseOrAbsent(Path, readOnly);
        if (!readOnly)
        {
            var folder = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(folder))
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new StudyStorageException($"Cannot create the folder {folder} for the SQLite study file: {ex.Message} Choose a folder you may write to.", isTransient: false, ex);
                }
            }
        }

        _walSync = new DeferredFileSync(Path + "-wal");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>How long a writer waits for another process's write lock before the call fails as busy (and is retried).</summary>
    public static TimeSpan BusyTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Description => $"SQLite file {Path}";

    /// <inheritdoc />
    private protected override DbTypes Types => ColumnTypes;

    /// <summary>SQLite's column types (tests build old schemas with them).</summary>
    internal static DbTypes ColumnTypes { get; } = new("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "REAL");

    /// <inheritdoc />
    private protected override string ChangeIdSql => "(SELECT revision FROM smt_studies WHERE id = @id)";

    /// <inheritdoc />
    private protected override string ReadCursorSql(int schemaVersion) => "SELECT revision FROM smt_studies WHERE id = @id";

    /// <inheritdoc />
    private protected override string ChangedSinceSql(int schemaVersion) => "t.revision > @since";

    /// <inheritdoc />
    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!Configured.TryGetValue(connection.Handle!, out _))
            {
                // Once per physical connection (the pool hands the same one out again, settings and all): WAL lets
                // readers run beside the writer; NORMAL commits without an fsync (durable writes are synced behind,
                // see the remarks); busy_timeout makes the engine wait for locks instead of failing.
                using var pragma = connection.CreateCommand();
                pragma.CommandText = IsReadOnly
                    ? $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};"
                    : $"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Configured.AddOrUpdate(connection.Handle!, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    private protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, bool durable, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite starts non-deferred transactions with BEGIN IMMEDIATE: the write lock is taken now, so
        // two writers never deadlock upgrading read locks.
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    private protected override Task EndWriteAsync(DbConnection connection, bool durable)
    {
        if (durable)
        {
            _walSync.Request(); // after the commit, outside SQLite's write lock: the next writer does not wait for the disk
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask FlushAsync(CancellationToken cancellationToken = default) => new(_walSync.FlushAsync(cancellationToken));

    /// <summary>The background sync of the write-ahead log (tests).</summary>
    internal DeferredFileSync WalSync => _walSync;

    /// <inheritdoc />
    private protected override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // A deferred transaction: its snapshot is taken at the first read and held to its end (WAL).
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    /// <inheritdoc />
    private protected override Task LockSchemaAsync(DbConnection connection, DbTransaction tx, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already excludes every other writer

    /// <inheritdoc />
    private protected override async Task BeforeChangeAsync(DbConnection connection, DbTransaction tx, long studyId, CancellationToken cancellationToken) =>
        // The study-wide change counter: writers are serialized by SQLite's write lock, so counter order is commit order.
        await DbSql.ExecuteAsync(connection, tx, "UPDATE smt_studies SET revision = revision + 1 WHERE id = @id", cancellationToken, ("id", studyId)).ConfigureAwait(false);

    /// <inheritdoc />
    private protected override async Task<(long? Number, bool Taken)> InsertTrialAsync(DbConnection connection, DbTransaction? tx, long studyId, TrialReservation reservation, CancellationToken cancellationToken)
    {
        // The transaction holds SQLite's write lock (BEGIN IMMEDIATE): the count, the key check and the insert see no
        // other writer. Nothing counted: the study is full or the key exists (a second look tells which).
        var parameters = TrialInsertParameters(studyId, reservation);
        var number = await DbSql.ScalarAsync(connection, tx,
            "UPDATE smt_studies SET trial_count = trial_count + 1, budget_used = budget_used + 1, revision = revision + 1 " +
            "WHERE id = @id AND budget_used < @max AND NOT EXISTS (SELECT 1 FROM smt_trials WHERE study_id = @id AND key = @key) RETURNING trial_count - 1",
            cancellationToken, parameters).ConfigureAwait(false);
        if (number is null)
        {
            bool taken = await DbSql.ScalarAsync(connection, tx, "SELECT number FROM smt_trials WHERE study_id = @id AND key = @key", cancellationToken, ("id", studyId), ("key", reservation.Key)).ConfigureAwait(false) is not null;
            return (null, taken);
        }

        int inserted = await DbSql.ExecuteAsync(connection, tx,
            $"INSERT INTO smt_trials (number, {TrialInsertColumns}) VALUES (@number, {TrialInsertValues}) ON CONFLICT (study_id, key) DO NOTHING",
            cancellationToken, [("number", number), .. parameters]).ConfigureAwait(false);
        return inserted == 1 ? (number, false) : throw new KeyRaceException();
    }

    /// <inheritdoc />
    private protected override bool IsMissingTable(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 1 } e && e.Message.Contains("no such table", StringComparison.Ordinal);

    /// <inheritdoc />
    private protected override StudyStorageException? Translate(Exception exception)
    {
        if (exception is not SqliteException e)
        {
            return exception is IOException or UnauthorizedAccessException
                ? new StudyStorageException($"{Description}: {exception.Message}", isTransient: false, exception)
                : null;
        }

        return e.SqliteErrorCode switch
        {
            5 or 6 => new StudyStorageException($"{Description} is busy: another process held its write lock for {BusyTimeout.TotalSeconds:0} s.", isTransient: true, e),
            13 => new StudyStorageException($"{Description}: the disk is full. Free some space (the study is intact) and run again.", isTransient: false, e),
            8 => new StudyStorageException($"{Description} is read-only for this process: check the permissions of the file and its folder (SQLite writes a -wal and a -shm file beside it), or open it read-only.", isTransient: false, e),
            14 => new StudyStorageException($"{Description} cannot be opened: check that its folder exists and that this process may read it (and write it, unless read-only).", isTransient: false, e),
            11 or 26 => new StudyStorageException($"{Description} is not a SQLite database or is corrupted; it was left untouched. Restore it from a copy or choose another file.", isTransient: false, e),
            10 => new StudyStorageException($"{Description}: disk I/O error ({e.Message}). Check the disk and its free space.", isTransient: false, e),
            _ => null,
        };
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _walSync.FlushAsync().ConfigureAwait(false); // a sync under way finishes before the handles go
        }
        catch (StudyStorageException)
        {
            // Reported to whoever flushed (a search always does before it returns); disposing does not throw.
        }

        // Release pooled handles so the file can be moved or deleted after the storage is disposed.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static void EnsureIsDatabaseOrAbsent(string path, bool readOnly)
    {
        if (Directory.Exists(path))
        {
            throw new StudyStorageException($"{path} is a folder, not a SQLite database file. Give the path of a file.", isTransient: false);
        }

        if (!File.Exists(path))
        {
            if (readOnly)
            {
                throw new StudyStorageException($"There is no study file at {path}. Check the path (a search creates it on its first run).", isTransient: false);
            }

            return;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length == 0)
            {
                return; // an empty file is a valid empty database
            }

            Span<byte> header = stackalloc byte[16];
            if (stream.Length < 16 || stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) < 16 || !header.SequenceEqual(Header))
            {
                throw new StudyStorageException($"{path} is not a SQLite database; it was left untouched. Choose another file.", isTransient: false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StudyStorageException($"Cannot read {path}: {ex.Message} Check its permissions.", isTransient: false, ex);
        }
    }
}
