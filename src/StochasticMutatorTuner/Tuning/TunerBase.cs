using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;

namespace StochasticMutatorTuner.Tuning;

/// <summary>What every tuner shares: options, opening the storage and the study, and the engine's lifetime.</summary>
public abstract class TunerBase
{
    private readonly List<int[]> _pending = new();

    /// <summary>Creates a tuner with <paramref name="options"/> (defaults when null).</summary>
    private protected TunerBase(TunerOptions? options)
    {
        Options = options ?? new TunerOptions();
    }

    /// <summary>The options; change them before a search starts.</summary>
    public TunerOptions Options { get; }

    /// <summary>The study name used when <see cref="TunerOptions.StudyName"/> is not set.</summary>
    protected abstract string DefaultStudyName { get; }

    /// <summary>Creates the resolver for this tuner's space (a fresh one per search).</summary>
    private protected abstract ISpaceResolver CreateResolver();

    /// <summary>Schedules a genome to run before the strategy is asked (see <c>Enqueue</c>).</summary>
    private protected void EnqueueGenome(int[] genome)
    {
        lock (_pending)
        {
            _pending.Add(genome);
        }
    }

    /// <summary>Opens the study this tuner's options name, without running anything (for results and reports).</summary>
    public async Task<Study> OpenStudyAsync(CancellationToken cancellationToken = default)
    {
        var (storage, owned) = OpenStorage();
        try
        {
            return await OpenStudyAsync(storage, new ObserverHub(Options.Observers, CreateLogger()), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (owned)
            {
                await storage.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs the engine over a fresh study handle; disposes a storage it opened itself.</summary>
    private protected async Task<T> WithEngineAsync<T>(Func<SearchEngine, Task<T>> run, CancellationToken cancellationToken)
    {
        Options.Validate();
        var (storage, owned) = OpenStorage();
        try
        {
            var observers = new ObserverHub(Options.Observers, CreateLogger());
            var study = await OpenStudyAsync(storage, observers, cancellationToken).ConfigureAwait(false);
            using var engine = new SearchEngine(study, Options, CreateLogger(), observers);
            lock (_pending)
            {
                foreach (var genome in _pending)
                {
                    engine.Enqueue(genome);
                }

                _pending.Clear();
            }

            return await run(engine).ConfigureAwait(false);
        }
        finally
        {
            if (owned)
            {
                await storage.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<Study> OpenStudyAsync(IStudyStorage storage, ObserverHub hub, CancellationToken cancellationToken)
    {
        var retry = new Studies.StorageRetry(Options.StorageRetryTimeout, CreateLogger(), message => hub.Notify(o => o.OnStorageRetrying(message)));
        var study = await Study.OpenAsync(storage, Options.StudyName ?? DefaultStudyName, CreateResolver(), Options.Direction, Options.OnSpaceMismatch, retry, cancellationToken).ConfigureAwait(false);
        if (Options.ArtifactFolder is { } folder)
        {
            study.Artifacts.Folder = folder;
        }

        return study;
    }

    private ILogger CreateLogger() => (Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("StochasticMutatorTuner");

    private (IStudyStorage Storage, bool Owned) OpenStorage()
    {
        if (Options.Storage is { } given)
        {
            return (given, false);
        }

        var location = !string.IsNullOrWhiteSpace(Options.StorageUrl)
            ? Options.StorageUrl
            : Path.Combine(Options.ProjectDirectory ?? TunerOptions.DefaultProjectDirectory, TunerOptions.DefaultDatabaseFileName);
        return (StudyStorage.Open(location), true);
    }
}
