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
    /// Opens the storage at <paramref name="location"/> read-only: nothing is created or written (not even the schema
    /// version), so studies can be read from files and database roles this process may not write. A SQLite path must
    /// name an existing database file, or a project directory holding one.
    /// </summary>
    /// <exception cref="CliException">The storage cannot be opened; the message says why.</exception>
    public static IStudyStorage OpenStorage(string location)
    {
        if (string.Equals(location, "memory", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException("'memory' holds studies only inside the process that made them. Pass the SQLite file a search wrote, a project directory, or a PostgreSQL URL.");
        }

        string target = location;
        if (!StudyStorage.IsPostgres(location))
        {
            string path = StudyStorage.SqlitePath(location);
            if (Directory.Exists(path) && File.Exists(Path.Combine(path, Tuning.TunerOptions.DefaultDatabaseFileName)))
            {
                path = Path.Combine(path, Tuning.TunerOptions.DefaultDatabaseFileName); // a project directory
            }

            if (!File.Exists(path))
            {
                throw new CliException($"No study database at {Path.GetFullPath(path)}. Pass the SQLite file a search wrote (e.g. tuner-project/{Tuning.TunerOptions.DefaultDatabaseFileName}), a project directory, or a PostgreSQL URL.");
            }

            target = path;
        }

        try
        {
            return StudyStorage.Open(target, readOnly: true);
        }
        catch (StudyStorageException ex)
        {
            throw new CliException(ex.Message);
        }
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
