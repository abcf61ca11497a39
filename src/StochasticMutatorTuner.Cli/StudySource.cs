using StochasticMutatorTuner.Storage;

namespace StochasticMutatorTuner.Cli;

/// <summary>
/// Opens storages and studies for reading, with errors a person can act on. The one place where the CLI calls
/// into the core's storage and study API to read (the dashboard included), so switching every command to a
/// read-only opener is a change here.
/// </summary>
internal static class StudySource
{
    /// <summary>
    /// Opens the storage at <paramref name="location"/> without creating anything: a SQLite path must name an
    /// existing database file.
    /// </summary>
    /// <exception cref="CliException">The file is missing or not a database.</exception>
    public static IStudyStorage OpenStorage(string location)
    {
        if (!StudyStorage.IsPostgres(location) && !string.Equals(location, "memory", StringComparison.OrdinalIgnoreCase))
        {
            string path = location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? location["sqlite:".Length..] : location;
            if (Directory.Exists(path) && File.Exists(Path.Combine(path, Tuning.TunerOptions.DefaultDatabaseFileName)))
            {
                path = Path.Combine(path, Tuning.TunerOptions.DefaultDatabaseFileName); // a project directory
            }

            if (!File.Exists(path))
            {
                throw new CliException($"No study database at {Path.GetFullPath(path)}. Pass the SQLite file a search wrote (e.g. tuner-project/{Tuning.TunerOptions.DefaultDatabaseFileName}), a project directory, or a PostgreSQL URL.");
            }

            try
            {
                return new SqliteStudyStorage(path);
            }
            catch (InvalidDataException ex)
            {
                throw new CliException(ex.Message);
            }
        }

        return StudyStorage.Open(location);
    }

    /// <summary>Opens study <paramref name="name"/>; without a name, the only study in the storage.</summary>
    /// <exception cref="CliException">No such study (the message lists the ones there are), or several and no name.</exception>
    public static async Task<Study> OpenStudyAsync(IStudyStorage storage, string? name, CancellationToken cancellationToken)
    {
        if (name is null)
        {
            var studies = await ListStudiesAsync(storage, cancellationToken);
            name = studies.Count switch
            {
                0 => throw new CliException($"{storage.Description} has no studies."),
                1 => studies[0].Name,
                _ => throw new CliException($"{storage.Description} has {studies.Count} studies; choose one with --study: {string.Join(", ", studies.Select(s => s.Name))}."),
            };
        }

        try
        {
            return await Study.OpenExistingAsync(storage, name, cancellationToken);
        }
        catch (KeyNotFoundException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    /// <summary>Every study in <paramref name="storage"/>, by name.</summary>
    public static async Task<IReadOnlyList<StudyInfo>> ListStudiesAsync(IStudyStorage storage, CancellationToken cancellationToken) =>
        await storage.ListStudiesAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Reads the trials other processes wrote since <paramref name="study"/> last looked.</summary>
    public static Task RefreshAsync(Study study, CancellationToken cancellationToken) => study.RefreshAsync(cancellationToken);
}

/// <summary>An error the CLI reports as one line and exit code 1, without a stack trace.</summary>
internal sealed class CliException(string message) : Exception(message);
