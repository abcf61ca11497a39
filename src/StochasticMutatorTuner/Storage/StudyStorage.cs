namespace StochasticMutatorTuner.Storage;

/// <summary>Opens a storage from a location string: the one place where locations are parsed.</summary>
public static class StudyStorage
{
    /// <summary>
    /// Opens the storage at <paramref name="location"/>:
    /// <list type="bullet">
    /// <item><c>memory</c>: a new in-memory storage;</item>
    /// <item><c>postgres://…</c>, <c>postgresql://…</c> or an Npgsql connection string (<c>Host=…</c>): PostgreSQL;</item>
    /// <item><c>sqlite:PATH</c> or any other text: the SQLite file at that path (created on first use unless read-only).</item>
    /// </list>
    /// With <paramref name="readOnly"/> nothing is ever written (not even the schema): reports, exports and
    /// dashboards read studies with it, also from files and roles they may not write.
    /// </summary>
    /// <exception cref="StudyStorageException">The location cannot be opened; the message says why and what to do.</exception>
    public static IStudyStorage Open(string location, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return Classify(location) switch
        {
            StorageKind.Memory => readOnly
                ? throw new StudyStorageException("An in-memory storage cannot be opened read-only: it starts empty.", isTransient: false)
                : new InMemoryStudyStorage(),
            StorageKind.Postgres => PostgresStudyStorage.Open(location, readOnly),
            _ => new SqliteStudyStorage(SqlitePath(location), readOnly),
        };
    }

    /// <summary>True when <paramref name="location"/> names a PostgreSQL database.</summary>
    public static bool IsPostgres(string location) => Classify(location) == StorageKind.Postgres;

    /// <summary>The file path of a SQLite location (<c>sqlite:PATH</c> or a plain path).</summary>
    public static string SqlitePath(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? location["sqlite:".Length..] : location;
    }

    private static StorageKind Classify(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (string.Equals(location, "memory", StringComparison.OrdinalIgnoreCase))
        {
            return StorageKind.Memory;
        }

        return location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || location.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? StorageKind.Postgres
            : StorageKind.Sqlite;
    }

    private enum StorageKind
    {
        Memory,
        Postgres,
        Sqlite,
    }
}
