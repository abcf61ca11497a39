using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// The default storage: one SQLite file, created on first use. Several threads and several processes on one
/// machine may share it: the file runs in WAL mode, writers take SQLite's write lock up front
/// (<c>BEGIN IMMEDIATE</c>), wait up to <see cref="BusyTimeout"/> for it and retry transient lock errors, so
/// concurrent workers never fail with "database is locked".
/// </summary>
/// <remarks>
/// Do not put the file on a network share: SQLite's locking is unreliable there. For workers on several
/// machines use PostgreSQL.
/// </remarks>
public sealed class SqliteStudyStorage : DbStudyStorage
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();
    private readonly string _connectionString;

    /// <summary>Opens (creating it and its folder when missing) the SQLite file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a SQLite database; it is left untouched.</exception>
    public SqliteStudyStorage(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        EnsureIsDatabaseOrAbsent(Path);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>How long a writer waits for another process's write lock before retrying.</summary>
    public static TimeSpan BusyTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Description => $"SQLite file {Path}";

    /// <inheritdoc />
    protected override IReadOnlyList<string> CreateSchemaStatements { get; } =
        SchemaStatements("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "REAL");

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            // WAL lets readers run beside the writer; FULL makes every commit durable; busy_timeout makes the
            // engine wait for locks instead of failing at once.
            pragma.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 26 /* SQLITE_NOTADB */)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidDataException($"{Path} is not a SQLite database (or is corrupted); it was left untouched. Choose another file.", ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, long? studyId, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite starts non-deferred transactions with BEGIN IMMEDIATE: the write lock is taken now,
        // so two writers never deadlock upgrading read locks.
        await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task<T> WithRetryAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await operation().ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6 /* BUSY, LOCKED */ && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt * attempt + Random.Shared.Next(50)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        // Release pooled handles so the file can be moved or deleted after the storage is disposed.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static void EnsureIsDatabaseOrAbsent(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{path} is a folder, not a SQLite database file.");
        }

        if (!File.Exists(path))
        {
            return;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length == 0)
        {
            return; // an empty file is a valid empty database
        }

        Span<byte> header = stackalloc byte[16];
        if (stream.Length < 16 || stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) < 16 || !header.SequenceEqual(Header))
        {
            throw new InvalidDataException($"{path} is not a SQLite database; it was left untouched. Choose another file.");
        }
    }
}
