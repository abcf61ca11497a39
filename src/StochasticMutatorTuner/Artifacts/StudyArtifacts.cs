using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Artifacts;

/// <summary>
/// The files a study's trials saved (trained models, plots, predictions): their content lives in a folder, and the
/// study's storage records which exist, so every worker and <c>smt</c> can list them. Get it from
/// <see cref="Study.Artifacts"/>; a running trial saves with <see cref="TrialContext.SaveArtifactAsync(string, Stream, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// <para><b>Where:</b> <c>FOLDER/&lt;study id&gt;/&lt;trial number&gt;/&lt;name&gt;</c>. By default <see cref="Folder"/> is
/// <c>&lt;database file&gt;.artifacts</c> beside a SQLite file. A PostgreSQL (or in-memory) study has no default:
/// set <see cref="TunerOptions.ArtifactFolder"/> to a folder every worker reaches at the same path (a shared mount
/// for several machines). Use one artifact folder per storage: study ids are unique only within a storage.</para>
/// <para><b>Consistency:</b> a save writes the file atomically (temporary file, flush, rename, flush of the folder)
/// and then records it; a delete removes the record and then the file. So a listed artifact has a complete file
/// unless someone removed it by hand, and a process killed mid-write leaves nothing listed and no partial file under
/// the name. Lists are read from the storage at each call (read-your-writes; other workers' saves are seen once
/// they return).</para>
/// <para><b>Thread-safety:</b> all members may be called from many threads and processes.</para>
/// </remarks>
public sealed class StudyArtifacts
{
    private readonly Study _study;
    private string? _folder;

    internal StudyArtifacts(Study study)
    {
        _study = study;
        _folder = DefaultFolder(study.Storage);
    }

    /// <summary>The study these artifacts belong to.</summary>
    internal Study Study => _study;

    /// <summary>
    /// The folder holding the artifacts of every study of this storage; null when none is known (a PostgreSQL or
    /// in-memory storage without <see cref="TunerOptions.ArtifactFolder"/>). Set it before trials save.
    /// </summary>
    public string? Folder
    {
        get => Volatile.Read(ref _folder);
        set => Volatile.Write(ref _folder, value is null ? null : Path.GetFullPath(value));
    }

    /// <summary>The default artifact folder of <paramref name="storage"/>: <c>&lt;file&gt;.artifacts</c> beside a SQLite file, else null.</summary>
    public static string? DefaultFolder(IStudyStorage storage) => storage is SqliteStudyStorage sqlite ? sqlite.Path + ".artifacts" : null;

    /// <summary>Where the file of artifact <paramref name="name"/> of trial <paramref name="trialNumber"/> is (or would be).</summary>
    /// <exception cref="ArgumentException">The name is not allowed (<see cref="ArtifactNames"/>).</exception>
    /// <exception cref="InvalidOperationException">No artifact folder is set; the message says how to set one.</exception>
    public string PathOf(int trialNumber, string name) => RequireFolder().PathOf(_study.Info.Id, trialNumber, name);

    /// <summary>Saves a copy of <paramref name="content"/> (from its current position) as artifact <paramref name="name"/> of trial <paramref name="trialNumber"/>, replacing one of that name.</summary>
    /// <exception cref="ArgumentException">The name is not allowed; the message says why.</exception>
    /// <exception cref="InvalidOperationException">No artifact folder is set.</exception>
    /// <exception cref="IOException">The file could not be written (the message names it); nothing was recorded.</exception>
    /// <exception cref="StudyStorageException">The storage could not record it (the file was removed again).</exception>
    public Task<ArtifactInfo> SaveAsync(int trialNumber, string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return SaveAsync(trialNumber, name, (target, ct) => content.CopyToAsync(target, ct), cancellationToken);
    }

    /// <summary>
    /// Saves artifact <paramref name="name"/> of trial <paramref name="trialNumber"/> by letting <paramref name="write"/>
    /// write its content to a stream (so a large model need not be held in memory first), replacing one of that name.
    /// </summary>
    /// <inheritdoc cref="SaveAsync(int, string, Stream, CancellationToken)" path="/exception"/>
    public Task<ArtifactInfo> SaveAsync(int trialNumber, string name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArtifactNames.Validate(name);
        return SaveFileAsync(trialNumber, name, write, cancellationToken);
    }

    /// <summary>Saves the checkpoint of trial <paramref name="trialNumber"/> (<see cref="ArtifactNames.Checkpoint"/>), replacing the one before.</summary>
    /// <inheritdoc cref="SaveAsync(int, string, Stream, CancellationToken)" path="/exception"/>
    internal Task<ArtifactInfo> SaveCheckpointAsync(int trialNumber, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        SaveFileAsync(trialNumber, ArtifactNames.Checkpoint, write, cancellationToken);

    /// <summary>Deletes the checkpoint of trial <paramref name="trialNumber"/>: its record, then its file.</summary>
    internal async Task DeleteCheckpointAsync(int trialNumber, CancellationToken cancellationToken)
    {
        var folder = RequireFolder();
        await _study.Retry.RunAsync(ct => _study.Storage.DeleteArtifactAsync(_study.Info.Id, trialNumber, ArtifactNames.Checkpoint, ct), $"deleting the checkpoint of trial {trialNumber}", null, cancellationToken).ConfigureAwait(false);
        folder.Delete(_study.Info.Id, trialNumber, ArtifactNames.Checkpoint);
    }

    private async Task<ArtifactInfo> SaveFileAsync(int trialNumber, string name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var folder = RequireFolder();
        if (_study.Storage.IsReadOnly)
        {
            throw new StudyStorageException($"{_study.Storage.Description} was opened read-only; saving an artifact writes.", isTransient: false);
        }

        var (length, sha256) = await folder.WriteAsync(_study.Info.Id, trialNumber, name, write, cancellationToken).ConfigureAwait(false);
        var info = new ArtifactInfo(trialNumber, name, length, sha256, DateTimeOffset.UtcNow, SavedBy);
        try
        {
            await _study.Retry.RunAsync(ct => _study.Storage.RecordArtifactAsync(_study.Info.Id, info, ct), $"recording artifact '{name}' of trial {trialNumber}", null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Unrecorded, the file would be invisible and never deleted by a best-k rule.
            folder.Delete(_study.Info.Id, trialNumber, name);
            throw;
        }

        return info;
    }

    /// <summary>The study's artifacts (of one trial when <paramref name="trialNumber"/> is given), by trial number and name, read from the storage now.</summary>
    /// <exception cref="StudyStorageException">The storage could not be read.</exception>
    public async Task<IReadOnlyList<ArtifactInfo>> ListAsync(int? trialNumber = null, CancellationToken cancellationToken = default)
    {
        var all = await _study.Retry.RunAsync(ct => _study.Storage.ListArtifactsAsync(_study.Info.Id, ct), $"listing the artifacts of study '{_study.Name}'", null, cancellationToken).ConfigureAwait(false);
        return trialNumber is { } n ? all.Where(a => a.TrialNumber == n).ToList() : all;
    }

    /// <summary>
    /// Opens artifact <paramref name="name"/> of trial <paramref name="trialNumber"/> for reading. Reads the folder
    /// only (not the storage), so it works after a search closed its storage.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not allowed.</exception>
    /// <exception cref="InvalidOperationException">No artifact folder is set.</exception>
    /// <exception cref="ArtifactNotFoundException">There is no such artifact; the message says where it was looked for and why it may be missing.</exception>
    public Stream OpenRead(int trialNumber, string name)
    {
        var folder = RequireFolder();
        return folder.TryOpenRead(_study.Info.Id, trialNumber, name)
            ?? throw new ArtifactNotFoundException(
                $"Trial {trialNumber} of study '{_study.Name}' has no artifact '{name}' (no file {folder.PathOf(_study.Info.Id, trialNumber, name)}): it was not saved, " +
                "a keep-the-best-k rule deleted it, or the artifact folder is not the one the workers wrote to.");
    }

    /// <summary>Deletes artifact <paramref name="name"/> of trial <paramref name="trialNumber"/>: its record, then its file. False when it was not recorded.</summary>
    public async Task<bool> DeleteAsync(int trialNumber, string name, CancellationToken cancellationToken = default)
    {
        ArtifactNames.Validate(name);
        var folder = RequireFolder();
        bool recorded = await _study.Retry.RunAsync(ct => _study.Storage.DeleteArtifactAsync(_study.Info.Id, trialNumber, name, ct), $"deleting artifact '{name}' of trial {trialNumber}", null, cancellationToken).ConfigureAwait(false);
        folder.Delete(_study.Info.Id, trialNumber, name);
        return recorded;
    }

    /// <summary>
    /// Keeps artifact <paramref name="name"/> only for the best <paramref name="count"/> trials: saves it for the
    /// running trial <paramref name="trialNumber"/> (whose score will be <paramref name="score"/>) when that trial is
    /// among them, then deletes it from finished trials that are not (see <see cref="KeepBestAsync(string, int, CancellationToken)"/>).
    /// </summary>
    /// <returns>True when the artifact was saved; false when <paramref name="count"/> finished trials are better already.</returns>
    public async Task<bool> SaveIfAmongBestAsync(int trialNumber, double score, string name, int count, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArtifactNames.Validate(name);
        var candidate = (trialNumber, score);
        var plan = await PlanAsync(name, count, candidate, cancellationToken).ConfigureAwait(false);
        if (plan.CandidateKept)
        {
            await SaveAsync(trialNumber, name, write, cancellationToken).ConfigureAwait(false);
        }

        await DeleteAllAsync(name, plan.Delete, cancellationToken).ConfigureAwait(false);
        return plan.CandidateKept;
    }

    /// <summary>
    /// Deletes artifact <paramref name="name"/> of every finished trial outside the best <paramref name="count"/>
    /// complete trials that have it (by score in the study's direction, the earlier trial first among equals), and of
    /// failed, pruned and unscored trials. Artifacts of running trials, of trials this view does not know yet, and of
    /// trials of another version of the space are kept.
    /// </summary>
    /// <remarks>
    /// Safe with many workers doing the same at once: a trial with fewer than <paramref name="count"/> better ones
    /// is never deleted, whatever any worker saw; a worker's trial saved as a candidate may outlive its rank until
    /// the next save, so the disk holds at most <paramref name="count"/> plus the number of trials running at once.
    /// </remarks>
    /// <returns>The artifacts deleted.</returns>
    public async Task<IReadOnlyList<ArtifactInfo>> KeepBestAsync(string name, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArtifactNames.Validate(name);
        var plan = await PlanAsync(name, count, null, cancellationToken).ConfigureAwait(false);
        await DeleteAllAsync(name, plan.Delete, cancellationToken).ConfigureAwait(false);
        return plan.Delete;
    }

    private async Task<(bool CandidateKept, IReadOnlyList<ArtifactInfo> Delete)> PlanAsync(string name, int count, (int Number, double Score)? candidate, CancellationToken cancellationToken)
    {
        RequireFolder();
        await _study.RefreshAsync(cancellationToken).ConfigureAwait(false); // finished trials of every worker are judged by their stored score
        var saved = (await ListAsync(null, cancellationToken).ConfigureAwait(false)).Where(a => a.Name == name && a.TrialNumber != candidate?.Number).ToList();
        var ranked = new List<(int Number, double Score, ArtifactInfo? Artifact)>();
        var delete = new List<ArtifactInfo>();
        foreach (var artifact in saved)
        {
            var trial = _study.GetTrial(artifact.TrialNumber);
            if (trial is null || trial.State == TrialState.Running || trial.IsForeign)
            {
                continue; // not ours to judge (yet)
            }

            if (trial.HasScore)
            {
                ranked.Add((trial.Number, trial.Score!.Value, artifact));
            }
            else
            {
                delete.Add(artifact); // failed, pruned or discarded: never among the best
            }
        }

        bool candidateKept = true;
        if (candidate is { } c)
        {
            if (!double.IsFinite(c.Score))
            {
                return (false, delete);
            }

            ranked.Add((c.Number, c.Score, null));
        }

        var direction = _study.Direction;
        ranked.Sort((a, b) => direction.IsBetter(a.Score, b.Score) ? -1 : direction.IsBetter(b.Score, a.Score) ? 1 : a.Number.CompareTo(b.Number));
        for (int i = count; i < ranked.Count; i++)
        {
            if (ranked[i].Artifact is { } artifact)
            {
                delete.Add(artifact);
            }
            else
            {
                candidateKept = false;
            }
        }

        return (candidateKept, delete);
    }

    private async Task DeleteAllAsync(string name, IReadOnlyList<ArtifactInfo> artifacts, CancellationToken cancellationToken)
    {
        foreach (var artifact in artifacts)
        {
            await DeleteAsync(artifact.TrialNumber, name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>This process, as recorded with what it saves: which machine's disk a file went to.</summary>
    private static string SavedBy { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    private ArtifactFolder RequireFolder() => Folder is { } folder
        ? new ArtifactFolder(folder)
        : throw new InvalidOperationException(
            $"Study '{_study.Name}' in {_study.Storage.Description} has no artifact folder. Set TunerOptions.ArtifactFolder (or Study.Artifacts.Folder; smt: --artifacts) " +
            "to a folder every worker reaches at the same path, e.g. a shared mount when workers run on several machines.");
}
