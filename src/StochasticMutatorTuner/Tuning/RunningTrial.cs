using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>The engine's state for one trial while it runs; <see cref="TrialContext"/> is its public face.</summary>
/// <remarks>Thread-safe: an objective may report and set metrics from several threads.</remarks>
internal sealed class RunningTrial : IDisposable
{
    private readonly object _gate = new();
    private Dictionary<string, double>? _metrics; // made by the first metric, as the list by the first report: a cheap objective sets neither
    private List<IntermediateValue>? _intermediate;
    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationToken _token;
    private long _lastSignOfLifeTicks;
    private int _lost;
    private int _closed;
    private int? _maxStep;
    private int _resumable;
    private int? _checkpointStep; // the step of the checkpoint this run saved last
    private int? _pausedAt; // set when this run's pruner paused it
    private Task _stored = Task.CompletedTask; // this trial's report writes, chained in step order
    private StudyStorageException? _storeFailure; // once a report could not be stored: later ones are refused, not tried (each would wait out the retry budget)

    // resumeFromStep: for a promoted trial, the step it was paused at (its record holds the values up to it).
    public RunningTrial(Study study, TrialRecord record, Candidate candidate, int seed, IPruner? pruner, TimeSpan? timeout, CancellationToken searchToken, int? resumeFromStep = null)
    {
        Study = study;
        ResumeFromStep = resumeFromStep;
        if (resumeFromStep is not null)
        {
            _intermediate = [.. record.IntermediateValues];
        }

        Record = record;
        Candidate = candidate;
        Seed = seed;
        Pruner = pruner;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(searchToken);
        if (timeout is { } limit)
        {
            _cancellation.CancelAfter(limit);
        }

        _token = _cancellation.Token;
        _lastSignOfLifeTicks = (record.HeartbeatAt ?? record.StartedAt).UtcTicks; // a promoted trial: its claim
    }

    public Study Study { get; }

    public TrialRecord Record { get; }

    public int Number => Record.Number;

    public Candidate Candidate { get; }

    public int Seed { get; }

    public IPruner? Pruner { get; }

    /// <summary>For a promoted trial, the step it was paused at (its reports up to it are kept and later ones at or below it ignored); null for a new trial.</summary>
    public int? ResumeFromStep { get; }

    /// <summary>True once the objective said it can resume from a checkpoint: a pruner's stop may then pause it.</summary>
    public bool Resumable
    {
        get => Volatile.Read(ref _resumable) != 0;
        set => Volatile.Write(ref _resumable, value ? 1 : 0);
    }

    /// <summary>The step this run's pruner paused the trial at, or null: the outcome is a pause only then.</summary>
    public int? PausedAt
    {
        get
        {
            lock (_gate)
            {
                return _pausedAt;
            }
        }
    }

    /// <summary>True when the trial has a checkpoint file (saved by this run, or by the run it resumes).</summary>
    public bool HasCheckpoint
    {
        get
        {
            lock (_gate)
            {
                return _checkpointStep is not null || ResumeFromStep is not null;
            }
        }
    }

    /// <summary>Saves the trial's checkpoint, written at <paramref name="step"/>; a pause at that step may then resume from it.</summary>
    public async Task SaveCheckpointAsync(int step, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentNullException.ThrowIfNull(write);
        ThrowIfOver($"its checkpoint at step {step} is not saved");
        lock (_gate)
        {
            _checkpointStep = null; // being replaced: no pause may count on the old one meanwhile
        }

        await Study.Artifacts.SaveCheckpointAsync(Number, write, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _checkpointStep = step;
        }
    }

    /// <summary>Cancelled when the search is cancelled or times out, when the trial's own time limit passes, or when the storage no longer has it running.</summary>
    public CancellationToken CancellationToken => _token;

    /// <summary>True once the storage was found to have finished this trial otherwise (failed as stale while this worker was paused).</summary>
    public bool IsLost => Volatile.Read(ref _lost) != 0;

    /// <summary>The last time the storage heard from this trial (reservation, heartbeat or report): its stale deadline counts from here.</summary>
    public DateTimeOffset LastSignOfLife => new(Interlocked.Read(ref _lastSignOfLifeTicks), TimeSpan.Zero);

    /// <summary>A score given through <c>ScoreTrial</c> (the original's style) instead of a return value.</summary>
    public double? ExplicitScore { get; private set; }

    public bool HasExplicitScore { get; private set; }

    public IReadOnlyDictionary<string, double> Metrics
    {
        get
        {
            lock (_gate)
            {
                return _metrics is null || _metrics.Count == 0 ? TrialRecord.EmptyMetrics : new Dictionary<string, double>(_metrics, StringComparer.Ordinal);
            }
        }
    }

    public IReadOnlyList<IntermediateValue> IntermediateValues
    {
        get
        {
            lock (_gate)
            {
                return _intermediate is null ? Array.Empty<IntermediateValue>() : _intermediate.ToArray();
            }
        }
    }

    /// <summary>The last step the objective declared it will report, or null.</summary>
    public int? MaxStep
    {
        get
        {
            lock (_gate)
            {
                return _maxStep;
            }
        }

        set
        {
            lock (_gate)
            {
                if (value is < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), value, $"Trial {Record.Number}: the last step must be at least 1 (was {value}).");
                }

                if (value is { } max && _intermediate is { Count: > 0 } && _intermediate[^1].Step > max)
                {
                    throw new ArgumentException($"Trial {Record.Number} already reported step {_intermediate[^1].Step}, beyond the declared last step {max}.", nameof(value));
                }

                _maxStep = value;
            }
        }
    }

    public void SetScore(double? score)
    {
        lock (_gate)
        {
            if (HasExplicitScore)
            {
                throw new InvalidOperationException($"Trial {Record.Number} was already scored.");
            }

            ExplicitScore = score;
            HasExplicitScore = true;
        }
    }

    public void SetMetric(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            (_metrics ??= new Dictionary<string, double>(StringComparer.Ordinal))[name] = value;
        }
    }

    /// <summary>Records that the storage heard from the trial now.</summary>
    public void Alive(DateTimeOffset now) => Interlocked.Exchange(ref _lastSignOfLifeTicks, now.UtcTicks);

    /// <summary>The storage no longer has the trial running: stop its objective.</summary>
    public void MarkLost()
    {
        Interlocked.Exchange(ref _lost, 1);
        Cancel();
    }

    /// <summary>The engine stopped waiting for the objective: later reports are refused.</summary>
    public void Close() => Interlocked.Exchange(ref _closed, 1);

    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The trial is over.
        }
    }

    /// <summary>Releases the trial's timer, unless its objective was abandoned and may still read the token.</summary>
    public void Dispose()
    {
        if (Volatile.Read(ref _closed) == 0)
        {
            _cancellation.Dispose();
        }
    }

    /// <summary>Throws when the engine stopped waiting for the objective or the storage no longer has the trial running.</summary>
    public void ThrowIfOver(string consequence)
    {
        if (Volatile.Read(ref _closed) != 0 || IsLost)
        {
            throw new OperationCanceledException($"Trial {Number} is no longer running; {consequence}.", CancellationToken);
        }
    }

    public async ValueTask ReportAsync(int step, double value)
    {
        if (step <= ResumeFromStep)
        {
            return; // stored before the pause, and judged then
        }

        lock (_gate)
        {
            _intermediate ??= new List<IntermediateValue>();
            if (_intermediate.Count > 0 && _intermediate[^1].Step >= step)
            {
                throw new ArgumentException($"Steps must increase: step {step} was reported after step {_intermediate[^1].Step}.", nameof(step));
            }

            if (_maxStep is { } max && step > max)
            {
                throw new ArgumentException($"Trial {Record.Number} declared {max} as its last step (MaxStep) but reported step {step}.", nameof(step));
            }

            _intermediate.Add(new IntermediateValue(step, value));
        }

        ThrowIfOver($"its report of step {step} is not stored");
        if (Volatile.Read(ref _storeFailure) is { } failure)
        {
            throw failure; // an earlier report could not be stored: the storage stayed unreachable past the retry budget
        }

        // Stored behind the objective, in step order: a training never waits for the storage to report an epoch (a
        // write transaction, or a round trip to a server). The outcome is recorded only after every report is stored.
        var reported = new IntermediateValue(step, value);
        lock (_gate)
        {
            var previous = _stored;
            _stored = Task.Run(() => StoreAfterAsync(previous, reported), CancellationToken.None);
        }

        // At the last step the training is done: stopping it then would only throw its result away.
        int? declared = MaxStep;
        if (Pruner is not null && double.IsFinite(value) && !(step >= declared))
        {
            // Judge against what every worker has reported by now, not against this view's last proposal.
            await Study.RefreshAsync(CancellationToken).ConfigureAwait(false);
            var trials = Study.Trials;
            int? maxStep = declared ?? LongestComplete(trials);
            if (step >= maxStep)
            {
                return;
            }

            var current = Record with { IntermediateValues = IntermediateValues };
            var context = new PruningContext(current, step, value, trials, Study.Direction) { MaxStep = maxStep, BestTrial = Study.BestTrial };
            if (Pruner.ShouldPrune(context))
            {
                // Paused instead of stopped only where a promotion can bring it back: SuccessiveHalvingPruner promotes,
                // and the objective can resume from a checkpoint of this very step.
                bool pause = Resumable && Pruner is SuccessiveHalvingPruner;
                lock (_gate)
                {
                    pause &= _checkpointStep == step;
                    _pausedAt = pause ? step : null;
                }

                throw new TrialPrunedException(step, pause);
            }
        }
    }

    /// <summary>Completes when every report made so far is stored, or given up; never throws.</summary>
    public Task ReportsStoredAsync()
    {
        lock (_gate)
        {
            return _stored;
        }
    }

    private async Task StoreAfterAsync(Task previous, IntermediateValue value)
    {
        await previous.ConfigureAwait(false);
        if (IsLost || Volatile.Read(ref _closed) != 0 || Volatile.Read(ref _storeFailure) is not null)
        {
            return;
        }

        try
        {
            await Study.ReportAsync(Number, value, CancellationToken).ConfigureAwait(false);
            Alive(DateTimeOffset.UtcNow);
        }
        catch (TrialNotRunningException)
        {
            MarkLost(); // failed as stale by another worker while this one was paused or cut off: the objective is cancelled
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            // The trial was cancelled: its remaining reports no longer matter.
        }
        catch (StudyStorageException e)
        {
            Interlocked.CompareExchange(ref _storeFailure, e, null); // thrown to the objective at its next report, and every one after
        }
    }

    /// <summary>The last step of the study's longest complete trial (the trial's own last step, when it declared none), or null.</summary>
    internal static int? LongestComplete(IReadOnlyList<TrialRecord> trials)
    {
        int? longest = null;
        foreach (var t in trials)
        {
            if (t.State == TrialState.Complete && t.IntermediateValues.Count > 0 && !(t.IntermediateValues[^1].Step <= longest))
            {
                longest = t.IntermediateValues[^1].Step;
            }
        }

        return longest;
    }
}
