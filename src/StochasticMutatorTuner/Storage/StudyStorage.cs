namespace StochasticMutatorTuner.Storage;

/// <summary>Opens a storage from a location string.</summary>
public static class StudyStorage
{
    /// <summary>
    /// Opens the storage at <paramref name="location"/>:
    /// <list type="bullet">
    /// <item><c>memory</c>: a new in-memory storage;</item>
    /// <item><c>postgres://…</c>, <c>postgresql://…</c> or an Npgsql connection string (<c>Host=…</c>): PostgreSQL;</item>
    /// <item><c>sqlite:PATH</c> or any other text: the SQLite file at that path (created on first use).</item>
    /// </list>
    /// </summary>
    public static IStudyStorage Open(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (string.Equals(location, "memory", StringComparison.OrdinalIgnoreCase))
        {
            return new InMemoryStudyStorage();
        }

        if (IsPostgres(location))
        {
            return PostgresStudyStorage.Open(location);
        }

        return new SqliteStudyStorage(location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? location["sqlite:".Length..] : location);
    }

    /// <summary>True when <paramref name="location"/> names a PostgreSQL database.</summary>
    public static bool IsPostgres(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || location.Contains("Host=", StringComparison.OrdinalIgnoreCase);
    }
}
