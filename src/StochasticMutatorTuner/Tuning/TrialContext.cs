using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>
/// What an objective gets besides its config: the trial's identity and seed, a way to report per-step values
/// (which enables pruning) and extra metrics, and the cancellation token.
/// </summary>
/// <remarks>Thread-safe: an objective may report from several threads.</remarks>
public class TrialContext
{
    internal TrialContext(RunningTrial run) => Run = run;

    internal RunningTrial Run { get; }

    private CancellationToken Token(CancellationToken given) => given.CanBeCanceled ? given : CancellationToken;

    /// <summary>The study the trial belongs to (its other trials, its artifacts).</summary>
    public Study Study => Run.Study;

    /// <summary>The trial's number in its study.</summary>
    public int Number => Run.Record.Number;

    /// <summary>The config key.</summary>
    public ConfigKey Key => Run.Record.Key;

    /// <summary>The active parameters and their values.</summary>
    public IReadOnlyDictionary<string, object> Params => Run.Record.Params;

    /// <summary>A seed for this trial (stable for a given <see cref="TunerOptions.Seed"/> and trial number): seed your training with it.</summary>
    public int Seed => Run.Seed;

    /// <summary>Cancelled when the search is cancelled; check it between batches.</summary>
    public CancellationToken CancellationToken => Run.CancellationToken;

    /// <summary>The per-step values reported so far.</summary>
    public IReadOnlyList<IntermediateValue> IntermediateValues => Run.IntermediateValues;

    /// <summary>The metrics set so far.</summary>
    public IReadOnlyDictionary<string, double> Metrics => Run.Metrics;

    /// <summary>Records an extra metric (e.g. accuracy); stored with the trial.</summary>
    public void SetMetric(string name, double value) => Run.SetMetric(name, value);

    /// <summary>
    /// The last step this trial will report (e.g. its number of epochs), when the objective declares it; null (default)
    /// when it does not. Pruners never stop a trial at its last step — its training is done by then — and use it to
    /// place their decisions; undeclared, the last step of the study's longest complete trial stands in for it.
    /// <c>Trainer.Fit</c> declares its epochs. A later report beyond it throws.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    /// <exception cref="ArgumentException">Set below a step already reported.</exception>
    public int? MaxStep
    {
        get => Run.MaxStep;
        set => Run.MaxStep = value;
    }

    /// <summary>
    /// Set to true (before the first report) when the objective can resume this trial from its checkpoint
    /// (<see cref="SaveCheckpointAsync"/>, <see cref="OpenCheckpoint"/>). Then, with <see cref="Pruning.SuccessiveHalvingPruner"/>,
    /// a trial stopped at a step whose checkpoint it saved is <b>paused</b> there instead of stopped for good
    /// (<see cref="TrialPrunedException.Paused"/>), and a worker of the study resumes it (<see cref="ResumeFromStep"/>)
    /// once enough worse values reached its rung. Default false: a pruned trial is final.
    /// </summary>
    public bool Resumable
    {
        get => Run.Resumable;
        set => Run.Resumable = value;
    }

    /// <summary>
    /// Null for a new trial; for a promoted one, the step it was paused at: load <see cref="OpenCheckpoint"/> and
    /// continue training from the next step. <see cref="IntermediateValues"/> already hold the steps up to it, and a
    /// report at or below it is ignored.
    /// </summary>
    public int? ResumeFromStep => Run.ResumeFromStep;

    /// <summary>
    /// Saves this trial's checkpoint, the state after step <paramref name="step"/> (model, optimizer, data order: what
    /// resuming needs), by letting <paramref name="write"/> write it; it replaces the previous one. Save it before
    /// reporting that step: a pause at a step happens only when its checkpoint is in place. Kept as the artifact
    /// <see cref="ArtifactNames.Checkpoint"/> in the study's artifact folder, which every worker that may resume the
    /// trial must reach at the same path; deleted when the trial ends other than paused.
    /// </summary>
    /// <exception cref="InvalidOperationException">The study has no artifact folder (set <see cref="TunerOptions.ArtifactFolder"/>).</exception>
    /// <exception cref="OperationCanceledException">The trial is no longer running.</exception>
    public Task SaveCheckpointAsync(int step, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default) =>
        Run.SaveCheckpointAsync(step, write, Token(cancellationToken));

    /// <summary>Opens the checkpoint this trial saved last (for a promoted trial: the one of <see cref="ResumeFromStep"/>) for reading.</summary>
    /// <exception cref="InvalidOperationException">The study has no artifact folder (set <see cref="TunerOptions.ArtifactFolder"/>).</exception>
    /// <exception cref="ArtifactNotFoundException">The trial has no checkpoint; the message says where it was looked for.</exception>
    public Stream OpenCheckpoint() => Study.Artifacts.OpenRead(Number, ArtifactNames.Checkpoint);

    /// <summary>
    /// Reports the value after step <paramref name="step"/> (e.g. validation loss after an epoch; steps must
    /// increase, counted from 1 in units of training: the value after epoch k is step k, so the last step is the
    /// compute the trial used, <see cref="TunerOptions.MaxTotalSteps"/>). Stored in the background, in step order, so
    /// the training does not wait for the storage (other workers see it milliseconds later; a crash of this process can
    /// lose the last ones, which costs nothing: the trial then fails as stale); the trial's outcome is recorded only
    /// after all its reports are stored.
    /// </summary>
    /// <exception cref="TrialPrunedException">The pruner stopped the trial; let it propagate.</exception>
    /// <exception cref="Storage.StudyStorageException">An earlier report could not be stored: the storage stayed unreachable longer than <see cref="TunerOptions.StorageRetryTimeout"/>.</exception>
    public ValueTask ReportAsync(int step, double value) => Run.ReportAsync(step, value);

    /// <summary>Synchronous form of <see cref="ReportAsync"/>.</summary>
    /// <exception cref="TrialPrunedException">The pruner stopped the trial; let it propagate.</exception>
    public void Report(int step, double value) => Run.ReportAsync(step, value).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Saves a copy of <paramref name="content"/> as this trial's artifact <paramref name="name"/> (a plain file name
    /// such as <c>model.safetensors</c>) in the study's artifact folder, atomically: readers see the whole file or none.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not allowed (<see cref="ArtifactNames"/>); the message says why.</exception>
    /// <exception cref="InvalidOperationException">The study has no artifact folder (set <see cref="TunerOptions.ArtifactFolder"/>).</exception>
    /// <exception cref="OperationCanceledException">The trial is no longer running.</exception>
    public Task<ArtifactInfo> SaveArtifactAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        Run.ThrowIfOver($"its artifact '{name}' is not saved");
        return Study.Artifacts.SaveAsync(Number, name, content, Token(cancellationToken));
    }

    /// <summary>Saves this trial's artifact <paramref name="name"/> by letting <paramref name="write"/> write it to a stream (no copy in memory).</summary>
    /// <inheritdoc cref="SaveArtifactAsync(string, Stream, CancellationToken)" path="/exception"/>
    public Task<ArtifactInfo> SaveArtifactAsync(string name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        Run.ThrowIfOver($"its artifact '{name}' is not saved");
        return Study.Artifacts.SaveAsync(Number, name, write, Token(cancellationToken));
    }

    /// <inheritdoc />
    public override string ToString() => $"trial #{Number} ({string.Join(", ", Params.Select(p => $"{p.Key}={ParamValues.Format(p.Value)}"))})";
}
