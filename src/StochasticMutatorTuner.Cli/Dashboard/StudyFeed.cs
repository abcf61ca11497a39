using System.Collections.Concurrent;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Cli.Dashboard;

/// <summary>
/// The studies the dashboard shows, each opened once and then refreshed from the storage (reads only) at most
/// every <see cref="RefreshInterval"/>, however many browser tabs poll. Importance, the one costly view, is
/// computed again only when the set of scored trials changed.
/// </summary>
/// <remarks>Thread-safe: requests run concurrently; each study is refreshed by one request at a time.</remarks>
internal sealed class StudyFeed(IStudyStorage storage)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> _studies = new(StringComparer.Ordinal);

    /// <summary>A request finds the study at most this stale.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The storage's description (no password).</summary>
    public string Description => storage.Description;

    /// <summary>Every study in the storage, each refreshed.</summary>
    public async Task<IReadOnlyList<StudySnapshot>> ListAsync(CancellationToken cancellationToken)
    {
        var infos = await StudySource.ListStudiesAsync(storage, cancellationToken).ConfigureAwait(false);
        var studies = new List<StudySnapshot>(infos.Count);
        foreach (var info in infos)
        {
            studies.Add(await GetAsync(info.Name, cancellationToken).ConfigureAwait(false));
        }

        return studies;
    }

    /// <summary>The study <paramref name="name"/>, refreshed when its last read is older than <see cref="RefreshInterval"/>.</summary>
    /// <exception cref="CliException">No such study.</exception>
    public async Task<StudySnapshot> GetAsync(string name, CancellationToken cancellationToken)
    {
        var entry = await EntryAsync(name, cancellationToken).ConfigureAwait(false);
        if (DateTime.UtcNow - entry.RefreshedAt >= RefreshInterval)
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (DateTime.UtcNow - entry.RefreshedAt >= RefreshInterval)
                {
                    await StudySource.RefreshAsync(entry.Study, cancellationToken).ConfigureAwait(false);
                    entry.Track();
                }
            }
            finally
            {
                entry.Gate.Release();
            }
        }

        return entry.Snapshot;
    }

    /// <summary>The study's importance with bootstrap intervals, computed again only when its scored trials changed.</summary>
    public async Task<ImportanceReport> ImportanceAsync(string name, CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(name, cancellationToken).ConfigureAwait(false);
        var entry = await EntryAsync(name, cancellationToken).ConfigureAwait(false);
        long version = snapshot.Trials.Select((t, i) => t.HasScore ? snapshot.ChangedAt[i] : 0).DefaultIfEmpty().Max();
        if (entry.Importance is { } cached && cached.Item1 == version)
        {
            return cached.Item2;
        }

        var report = StudyAnalysis.ImportanceWithUncertainty(snapshot.Study);
        entry.Importance = Tuple.Create(version, report);
        return report;
    }

    // Each study is opened once, by whichever request comes first; a failed open (no such study) is forgotten.
    private async Task<Entry> EntryAsync(string name, CancellationToken cancellationToken)
    {
        var opening = _studies.GetOrAdd(name, n => new Lazy<Task<Entry>>(async () =>
        {
            var entry = new Entry(await StudySource.OpenStudyAsync(storage, n, CancellationToken.None).ConfigureAwait(false));
            entry.Track();
            return entry;
        }));
        try
        {
            return await opening.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (opening.Value.IsFaulted)
        {
            _studies.TryRemove(new KeyValuePair<string, Lazy<Task<Entry>>>(name, opening));
            throw;
        }
    }

    private sealed class Entry(Study study)
    {
        private readonly Dictionary<int, TrialRecord> _seen = new();
        private readonly Dictionary<int, long> _changedAt = new();
        private long _sequence;

        public Study Study { get; } = study;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTime RefreshedAt { get; private set; }

        public StudySnapshot Snapshot { get; private set; } = new(study, Array.Empty<TrialRecord>(), Array.Empty<long>(), 0);

        public Tuple<long, ImportanceReport>? Importance { get; set; }

        /// <summary>Stamps every trial that is new or changed since the last call with a new counter value.</summary>
        public void Track()
        {
            var trials = Study.Trials;
            bool changed = false;
            foreach (var trial in trials)
            {
                if (_seen.TryGetValue(trial.Number, out var seen) && ReferenceEquals(seen, trial)) // a study view replaces a record only with a newer version
                {
                    continue;
                }

                if (!changed)
                {
                    _sequence++;
                    changed = true;
                }

                _seen[trial.Number] = trial;
                _changedAt[trial.Number] = _sequence;
            }

            RefreshedAt = DateTime.UtcNow;
            Snapshot = new StudySnapshot(Study, trials, trials.Select(t => _changedAt[t.Number]).ToArray(), _sequence);
        }
    }
}
