using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner;

/// <summary>
/// A named set of trials over one search space in one storage, as this process sees it: a cache of the stored
/// trials that is refreshed from the storage (other workers write too) before every proposal.
/// </summary>
/// <remarks>Thread-safe: members may be called from many threads; the trial list is a snapshot.</remarks>
public sealed class Study
{
    private readonly object _gate = new();
    private readonly List<TrialRecord> _trials = new();
    private readonly HashSet<ConfigKey> _taken = new();
    private TrialRecord? _best;
    private long _revision;

    private Study(IStudyStorage storage, StudyInfo info, ISpaceResolver resolver)
    {
        Storage = storage;
        Info = info;
        Resolver = resolver;
    }

    /// <summary>The study's name.</summary>
    public string Name => Info.Name;

    /// <summary>Whether lower or higher scores are better.</summary>
    public Direction Direction => Info.Direction;

    /// <summary>The storage it lives in.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>The stored study.</summary>
    public StudyInfo Info { get; private set; }

    /// <summary>The parameters known now.</summary>
    public SearchSpace Space => Resolver.Space;

    internal ISpaceResolver Resolver { get; }

    /// <summary>A snapshot of every trial, by number.</summary>
    public IReadOnlyList<TrialRecord> Trials
    {
        get
        {
            lock (_gate)
            {
                return _trials.ToArray();
            }
        }
    }

    /// <summary>How many trials the study has (any state).</summary>
    public int TrialCount
    {
        get
        {
            lock (_gate)
            {
                return _trials.Count;
            }
        }
    }

    /// <summary>The best complete trial with a finite score (the earliest among equals), or null.</summary>
    public TrialRecord? BestTrial
    {
        get
        {
            lock (_gate)
            {
                return _best;
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the study <paramref name="name"/> in <paramref name="storage"/> for the space of
    /// <paramref name="resolver"/>, checks that direction and space fit, and loads its trials.
    /// </summary>
    /// <exception cref="StudySpaceMismatchException">The stored space cannot be continued (with <see cref="SpaceMismatchPolicy.Fail"/>).</exception>
    /// <exception cref="InvalidOperationException">The study was created with the other direction.</exception>
    public static async Task<Study> OpenAsync(
        IStudyStorage storage,
        string name,
        ISpaceResolver resolver,
        Direction direction,
        SpaceMismatchPolicy onSpaceMismatch = SpaceMismatchPolicy.Fail,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(resolver);

        var space = resolver.Space;
        var definition = new StudyDefinition(name, direction, space.Fingerprint, SpaceDescription.ToJson(space));
        var info = await storage.CreateOrOpenStudyAsync(definition, cancellationToken).ConfigureAwait(false);
        if (info.Direction != direction)
        {
            throw new InvalidOperationException(
                $"Study '{name}' was created to {info.Direction.ToString().ToLowerInvariant()} its score; this search asks to {direction.ToString().ToLowerInvariant()}. Use another study name.");
        }

        if (resolver is IGrowingSpaceResolver growing)
        {
            // Define-by-run: start from every parameter the study has seen, then grow.
            growing.Seed(SpaceDescription.Parse(info.SpaceJson));
            space = resolver.Space;
            definition = definition with { SpaceFingerprint = space.Fingerprint, SpaceJson = SpaceDescription.ToJson(space) };
        }

        if (info.SpaceFingerprint != space.Fingerprint)
        {
            var comparison = SpaceDescription.Compare(SpaceDescription.Parse(info.SpaceJson), space);
            if (!comparison.IsCompatible)
            {
                if (onSpaceMismatch == SpaceMismatchPolicy.StartNewStudy)
                {
                    return await OpenAsync(storage, $"{name}@{space.Fingerprint[..8]}", resolver, direction, SpaceMismatchPolicy.Fail, cancellationToken).ConfigureAwait(false);
                }

                throw new StudySpaceMismatchException(name, comparison);
            }

            await storage.UpdateStudySpaceAsync(info.Id, space.Fingerprint, definition.SpaceJson, cancellationToken).ConfigureAwait(false);
            info = info with { SpaceFingerprint = space.Fingerprint, SpaceJson = definition.SpaceJson };
        }

        var study = new Study(storage, info, resolver);
        await study.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return study;
    }

    /// <summary>
    /// Opens an existing study for reading (reports, exports, the CLI) without its .NET config type: the space is
    /// rebuilt from the stored description and nothing is written.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such study; the message lists the studies there are.</exception>
    public static async Task<Study> OpenExistingAsync(IStudyStorage storage, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var info = await storage.FindStudyAsync(name, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            var names = (await storage.ListStudiesAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Name).ToList();
            throw new KeyNotFoundException(names.Count == 0
                ? $"{storage.Description} has no studies."
                : $"{storage.Description} has no study named '{name}'. Studies there: {string.Join(", ", names)}.");
        }

        var study = new Study(storage, info, new ConditionalSpaceResolver(SpaceDescription.ToSpace(SpaceDescription.Parse(info.SpaceJson))));
        await study.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return study;
    }

    /// <summary>Records the current space in the storage when it grew (define-by-run) or gained values.</summary>
    internal async Task SyncSpaceAsync(CancellationToken cancellationToken)
    {
        var space = Space;
        if (space.Fingerprint == Info.SpaceFingerprint)
        {
            return;
        }

        string json = SpaceDescription.ToJson(space);
        await Storage.UpdateStudySpaceAsync(Info.Id, space.Fingerprint, json, cancellationToken).ConfigureAwait(false);
        Info = Info with { SpaceFingerprint = space.Fingerprint, SpaceJson = json };
    }

    /// <summary>Fetches the trials written since the last refresh.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        long since;
        lock (_gate)
        {
            since = _revision;
        }

        var rows = await Storage.GetTrialsAsync(Info.Id, since, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            Apply(row);
        }
    }

    /// <summary>True when a trial with this key exists (any state).</summary>
    public bool IsTaken(ConfigKey key)
    {
        lock (_gate)
        {
            return _taken.Contains(key);
        }
    }

    /// <summary>The trial with this key, or null.</summary>
    public TrialRecord? FindTrial(ConfigKey key)
    {
        lock (_gate)
        {
            return _taken.Contains(key) ? _trials.Find(t => t.Key == key) : null;
        }
    }

    /// <summary>Adds or replaces a trial in the cache; returns the record.</summary>
    internal TrialRecord Apply(StoredTrial row)
    {
        var record = ToRecord(row);
        lock (_gate)
        {
            while (_trials.Count <= record.Number)
            {
                _trials.Add(null!); // numbers are dense; a gap is filled by the same refresh
            }

            var existing = _trials[record.Number];
            if (existing is null || existing.Revision <= record.Revision)
            {
                _trials[record.Number] = record;
            }

            _taken.Add(record.Key);
            _revision = Math.Max(_revision, record.Revision);
            if (record.HasScore && (_best is null || Direction.IsBetter(record.Score!.Value, _best.Score!.Value) ||
                                    (record.Score == _best.Score && record.Number < _best.Number)))
            {
                _best = record;
            }
        }

        return record;
    }

    /// <summary>Maps a stored trial onto the current space: values by canonical text, absent parameters at index 0.</summary>
    internal TrialRecord ToRecord(StoredTrial row)
    {
        var space = Space;
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in row.Params)
        {
            stored[name] = value;
        }

        var genome = new int[space.Count];
        var values = new List<KeyValuePair<string, object>>(row.Params.Count);
        for (int i = 0; i < space.Count; i++)
        {
            var p = space.Parameters[i];
            if (stored.Remove(p.Name, out var text))
            {
                int index = IndexOfText(space, i, text);
                genome[i] = index;
                values.Add(new(p.Name, p.Values[index]));
            }
        }

        foreach (var (name, text) in stored)
        {
            values.Add(new(name, text)); // a parameter this process does not know (yet): kept as text
        }

        return new TrialRecord
        {
            Number = row.Number,
            Key = ConfigKey.Parse(row.Key),
            Genome = genome,
            Params = values.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            State = row.State,
            Score = row.Score,
            Metrics = row.Metrics,
            IntermediateValues = row.IntermediateValues,
            StartedAt = row.StartedAt,
            FinishedAt = row.FinishedAt,
            HeartbeatAt = row.HeartbeatAt,
            Error = row.Error,
            WorkerId = row.WorkerId,
            Revision = row.Revision,
        };
    }

    private int IndexOfText(SearchSpace space, int parameter, string text)
    {
        int count = space.Parameters[parameter].Values.Count;
        for (int v = 0; v < count; v++)
        {
            if (space.FormatValue(parameter, v) == text)
            {
                return v;
            }
        }

        throw new InvalidOperationException($"Study '{Name}' holds the value {text} for parameter '{space.Parameters[parameter].Name}', which the current space does not have.");
    }
}
