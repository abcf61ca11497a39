using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Studies;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>
/// Runs trials of one study: asks the strategy (one ask at a time), reserves the candidate through the study,
/// evaluates it on up to <see cref="TunerOptions.MaxConcurrentTrials"/> workers, heartbeats the running trials,
/// records each outcome through the study and decides when to stop. Every public API (typed, original-style,
/// define-by-run) drives this one class; it never touches the storage itself.
/// </summary>
internal sealed class SearchEngine : IDisposable
{
    private readonly Study _study;
    private readonly TunerOptions _options;
    private readonly ISearchStrategy _strategy;
    private readonly Random _random;
    private readonly int _baseSeed;
    private readonly string _workerId;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _askLock = new(1, 1);
    private readonly ObserverHub _observers;
    private readonly ConcurrentQueue<int[]> _enqueued = new();
    private readonly ConcurrentDictionary<int, RunningTrial> _running = new();
    private readonly ConcurrentDictionary<ConfigKey, byte> _pending = new();
    // Pauses (trial number -> paused step) this worker does not offer: one a slot is claiming (another slot would only
    // lose the claim), and one the storage refused while the refreshed view still showed it paused (a storage that
    // cannot claim, IStudyStorage's default, would otherwise hand the same pause out forever).
    private readonly ConcurrentDictionary<int, int> _notOffered = new();
    private readonly StrategyContext _context;
    private CancellationToken _callerToken;
    private int _declaredMaxStep; // the last step this worker's objective declared (0: none yet), for placing paused trials' rungs

    public SearchEngine(Study study, TunerOptions options, ILogger logger, ObserverHub observers)
    {
        _observers = observers;
        _study = study;
        _options = options;
        _strategy = options.CreateStrategy();
        _baseSeed = options.Seed ?? Random.Shared.Next();
        _random = new SeededRandom(_baseSeed); // the numbers of new Random(seed), called directly by the draws
        _workerId = options.WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Random.Shared.Next():x8}";
        _logger = logger;
        _context = new StrategyContext(study.Resolver, _random, study.Direction, key => study.IsTaken(key) || _pending.ContainsKey(key), () => study.TrialCount, () => study.BestTrial)
        {
            PrunedCountSource = () => study.PrunedCount,
            TakenForGood = study.IsTaken, // a study never forgets a key; _pending's keys may still fail to be stored
        };
    }

    public Study Study => _study;

    public void Dispose() => _askLock.Dispose();

    /// <summary>Schedules a genome to be evaluated before the strategy is asked again (skipped if its key is taken by then).</summary>
    public void Enqueue(int[] genome) => _enqueued.Enqueue(genome);

    /// <summary>Resolves a genome of the study's space (activity and key).</summary>
    public async Task<Candidate> ResolveAsync(int[] genome, CancellationToken cancellationToken)
    {
        await _askLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _context.Resolve(genome);
        }
        finally
        {
            _askLock.Release();
        }
    }

    /// <summary>Runs the search until a stop condition holds.</summary>
    /// <exception cref="StudyStorageException">The storage stayed unreachable longer than the retry budget.</exception>
    public async Task<SearchResult> RunAsync(Func<RunningTrial, Task<double?>> evaluate, CancellationToken cancellationToken)
    {
        _options.Validate();
        _callerToken = cancellationToken;
        var clock = Stopwatch.StartNew();
        var state = new RunState();
        using var search = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Timeout is { } timeout)
        {
            search.CancelAfter(timeout);
        }

        // Trials other workers left behind: failed now, so their budget is free before the first proposal.
        int stale = (await _study.FailStaleTrialsAsync(cancellationToken).ConfigureAwait(false)).Count;
        if (stale > 0)
        {
            TunerLog.StaleTrials(_logger, stale, _study.Name);
        }

        TunerLog.StudyOpened(_logger, _study.Name, _study.Storage.Description, _study.TrialCount, Describe(_study.BestTrial));
        using (var heartbeats = StartHeartbeats())
        {
            var workers = Enumerable.Range(0, _options.MaxConcurrentTrials)
                .Select(_ => Task.Run(() => WorkerAsync(evaluate, state, clock, search.Token), CancellationToken.None))
                .ToArray();
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            finally
            {
                await heartbeats.StopAsync().ConfigureAwait(false);
            }
        }

        await _study.FlushAsync().ConfigureAwait(false);
        await _study.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        var reason = cancellationToken.IsCancellationRequested ? StopReason.Cancelled
            : search.IsCancellationRequested ? StopReason.TimeoutReached
            : state.Reason ?? StopReason.SpaceExhausted;
        var result = new SearchResult(_study, reason, state.Finished, clock.Elapsed);
        int foreign = result.Trials.Count(t => t.IsForeign);
        if (foreign > 0)
        {
            TunerLog.ForeignTrials(_logger, _study.Name, foreign);
        }

        TunerLog.SearchFinished(_logger, reason, state.Finished, Describe(result.BestTrial));
        Notify(o => o.OnSearchFinished(result));
        return result;
    }

    /// <summary>Evaluates one given candidate now, or returns the study's trial with the same key.</summary>
    public async Task<TrialRecord> EvaluateAsync(Candidate candidate, Func<RunningTrial, Task<double?>> evaluate, CancellationToken cancellationToken)
    {
        RunningTrial run;
        _callerToken = cancellationToken;
        await _askLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _study.RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (_study.FindTrial(candidate.Key) is { } existing)
            {
                return existing;
            }

            var reservation = await _study.ReserveAsync(candidate, _workerId, null, _options.StaleTrialTimeout, cancellationToken).ConfigureAwait(false);
            if (reservation.Status != ReservationStatus.Created)
            {
                return reservation.Trial!;
            }

            run = Start(reservation.Trial!, candidate, cancellationToken);
        }
        finally
        {
            _askLock.Release();
        }

        await _study.SyncSpaceAsync(CancellationToken.None).ConfigureAwait(false);
        using var heartbeats = StartHeartbeats();
        try
        {
            var record = await ExecuteAsync(run, evaluate, new RunState(), Stopwatch.StartNew(), cancellationToken).ConfigureAwait(false);
            await _study.FlushAsync().ConfigureAwait(false);
            return record;
        }
        finally
        {
            await heartbeats.StopAsync().ConfigureAwait(false);
        }
    }

    private async Task WorkerAsync(Func<RunningTrial, Task<double?>> evaluate, RunState state, Stopwatch clock, CancellationToken searchToken)
    {
        try
        {
            while (state.Reason is null && !state.Aborted && !searchToken.IsCancellationRequested)
            {
                RunningTrial? run;
                try
                {
                    run = await NextAsync(state, searchToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (searchToken.IsCancellationRequested)
                {
                    break;
                }

                if (run is null)
                {
                    break;
                }

                var record = await ExecuteAsync(run, evaluate, state, clock, searchToken).ConfigureAwait(false);
                if (record.HasScore && _options.TargetScore is { } target && _study.Direction.Reaches(record.Score!.Value, target))
                {
                    state.Stop(StopReason.TargetReached);
                }
            }
        }
        catch (StudyStorageException)
        {
            state.Abort(); // the other workers finish their trials, then the search throws
            throw;
        }
    }

    /// <summary>Proposes and reserves the next trial, or sets the stop reason and returns null.</summary>
    private async ValueTask<RunningTrial?> NextAsync(RunState state, CancellationToken cancellationToken)
    {
        // Fresh before proposing (every trial others finished is seen), outside the ask lock: no lock is held across
        // I/O, so other slots of this process keep proposing and finishing meanwhile.
        await _study.RefreshAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            Candidate? candidate;
            TrialRecord? promotion;
            await _askLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (state.Reason is not null || state.Aborted)
                {
                    return null;
                }

                if (_options.MaxTrials is { } max && _study.BudgetUsed >= max)
                {
                    state.Stop(StopReason.MaxTrialsReached);
                    return null;
                }

                if (_options.MaxTotalSteps is { } steps && _study.TotalSteps >= steps)
                {
                    state.Stop(StopReason.MaxTotalStepsReached);
                    return null;
                }

                // A paused trial whose rung has filled with worse values goes on before anything new is proposed.
                promotion = NextPromotion();
                candidate = promotion is null ? DequeueUntaken() ?? _strategy.Propose(_context) : null;
                if (promotion is null && candidate is null)
                {
                    state.Stop(StopReason.SpaceExhausted);
                    return null;
                }

                if (candidate is not null)
                {
                    _pending[candidate.Key] = 0; // taken for the next proposal while its reservation is on its way
                }
                else
                {
                    _notOffered[promotion!.Number] = promotion.PrunedStep!.Value; // not to another slot of this worker meanwhile
                }
            }
            finally
            {
                _askLock.Release();
            }

            if (promotion is not null)
            {
                int pausedAt = promotion.PrunedStep!.Value;
                TrialRecord? claimed;
                try
                {
                    claimed = await _study.ClaimPausedAsync(promotion.Number, pausedAt, _workerId, _options.StaleTrialTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    _notOffered.TryRemove(promotion.Number, out _);
                    throw;
                }

                bool refused = claimed is null && _study.GetTrial(promotion.Number) is { Paused: true, PrunedStep: { } still } && still == pausedAt;
                if (!refused)
                {
                    _notOffered.TryRemove(promotion.Number, out _); // claimed, here or by another worker: offered again once paused again
                }

                if (claimed is not null)
                {
                    return Start(claimed, _context.Resolve(claimed.Genome.ToArray()), cancellationToken, pausedAt);
                }

                continue; // another worker claimed it first (the view is refreshed), or the storage refused it
            }

            StudyReservation reservation;
            try
            {
                reservation = await _study.ReserveAsync(candidate!, _workerId, _options.MaxTrials, _options.StaleTrialTimeout, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _pending.TryRemove(candidate!.Key, out _); // the study's view holds the key now (or it was never stored)
            }

            switch (reservation.Status)
            {
                case ReservationStatus.Created:
                    await _study.SyncSpaceAsync(cancellationToken).ConfigureAwait(false);
                    return Start(reservation.Trial!, candidate, cancellationToken);
                case ReservationStatus.KeyTaken:
                    continue; // another worker got there first; the study now counts the key as taken
                default:
                    state.Stop(StopReason.MaxTrialsReached);
                    return null;
            }
        }
    }

    /// <summary>
    /// The paused trial to resume next (<see cref="SuccessiveHalvingPruner.NextPromotion"/>), or null. Its rungs are
    /// placed by the last step the objective declares (this worker's last trial's), else by the study's longest complete
    /// trial; with neither known yet, nothing is promoted.
    /// </summary>
    private TrialRecord? NextPromotion()
    {
        if (_options.Pruner is not SuccessiveHalvingPruner pruner || _study.PausedCount == 0)
        {
            return null;
        }

        var trials = _study.Trials;
        int declared = Volatile.Read(ref _declaredMaxStep);
        return (declared > 0 ? declared : RunningTrial.LongestComplete(trials)) is { } maxStep
            ? pruner.NextPromotion(trials, maxStep, _study.Direction, _notOffered.IsEmpty ? null : t => !(_notOffered.TryGetValue(t.Number, out int step) && step == t.PrunedStep))
            : null;
    }

    private Candidate? DequeueUntaken()
    {
        while (_enqueued.TryDequeue(out var genome))
        {
            var candidate = _context.Resolve(genome);
            if (!_study.IsTaken(candidate.Key) && !_pending.ContainsKey(candidate.Key))
            {
                return candidate;
            }
        }

        return null;
    }

    private RunningTrial Start(TrialRecord record, Candidate candidate, CancellationToken searchToken, int? resumeFromStep = null)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            TunerLog.TrialStarted(_logger, record.Number, FormatParams(record.Params));
        }

        if (_observers.Any)
        {
            NotifyStarted(record);
        }

        var run = new RunningTrial(_study, record, candidate, TrialSeed(_baseSeed, record.Number), _options.Pruner, _options.TrialTimeout, searchToken, resumeFromStep);
        _running[record.Number] = run;
        return run;
    }

    private async ValueTask<TrialRecord> ExecuteAsync(RunningTrial run, Func<RunningTrial, Task<double?>> evaluate, RunState state, Stopwatch clock, CancellationToken searchToken)
    {
        TrialOutcome outcome;
        try
        {
            outcome = await EvaluateOnceAsync(run, evaluate, searchToken).ConfigureAwait(false);
            await run.ReportsStoredAsync().ConfigureAwait(false); // reports are stored behind the objective; the outcome comes after them
        }
        finally
        {
            _running.TryRemove(run.Number, out _);
        }

        if (run.MaxStep is { } declared)
        {
            Volatile.Write(ref _declaredMaxStep, declared);
        }

        try
        {
            var record = await FinishAsync(run, outcome, state, clock).ConfigureAwait(false);
            if (run.HasCheckpoint && !record.Paused)
            {
                await DeleteCheckpointAsync(run.Number).ConfigureAwait(false);
            }

            return record;
        }
        finally
        {
            run.Dispose();
        }
    }

    /// <summary>Runs the objective and turns whatever it did into an outcome; never throws for the objective's sake.</summary>
    private async ValueTask<TrialOutcome> EvaluateOnceAsync(RunningTrial run, Func<RunningTrial, Task<double?>> evaluate, CancellationToken searchToken)
    {
        try
        {
            double? returned;
            if (_options.TrialTimeout is null && _options.Timeout is null)
            {
                returned = await evaluate(run).ConfigureAwait(false);
            }
            else
            {
                // With a time limit the objective runs on its own so that one ignoring its token can be abandoned.
                var evaluation = RunAlone(run, evaluate);
                if (!await CompletesAsync(evaluation, run.CancellationToken).ConfigureAwait(false))
                {
                    return Abandon(run, evaluation, searchToken);
                }

                returned = await evaluation.ConfigureAwait(false);
            }

            return TrialOutcome.Complete(run.HasExplicitScore ? run.ExplicitScore : returned, run.Metrics, DateTimeOffset.UtcNow);
        }
        catch (TrialPrunedException pruned)
        {
            // A pause only when this trial's pruner made it (an objective's own exception cannot fake one).
            return TrialOutcome.Pruned(pruned.Step, run.Metrics, DateTimeOffset.UtcNow, paused: run.PausedAt == pruned.Step);
        }
#pragma warning disable CA1031 // An objective's failure is data about the trial, never the end of the search.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (run.CancellationToken.IsCancellationRequested)
            {
                var (kind, error) = Cancellation(run, searchToken);
                return TrialOutcome.Failed(kind, error, run.Metrics, DateTimeOffset.UtcNow);
            }

            return TrialOutcome.Failed(TrialFailureKind.Error, $"{ex.GetType().Name}: {ex.Message}", run.Metrics, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Deletes the checkpoint of a trial that ended other than paused; a failure is logged, never the search's end.</summary>
    private async Task DeleteCheckpointAsync(int number)
    {
        try
        {
            await _study.Artifacts.DeleteCheckpointAsync(number, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StudyStorageException or InvalidOperationException)
        {
            TunerLog.CheckpointNotDeleted(_logger, number, ex.Message);
        }
    }

    // Apart from EvaluateOnceAsync, so that a search without time limits allocates no closure per trial.
    private static Task<double?> RunAlone(RunningTrial run, Func<RunningTrial, Task<double?>> evaluate) => Task.Run(() => evaluate(run), CancellationToken.None);

    private TrialOutcome Abandon(RunningTrial run, Task<double?> evaluation, CancellationToken searchToken)
    {
        run.Close();
        _ = evaluation.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        var (kind, error) = Cancellation(run, searchToken);
        TunerLog.TrialAbandoned(_logger, run.Number, _options.AbandonAfter.TotalSeconds, error);
        return TrialOutcome.Failed(kind, $"{error}; abandoned after it ignored cancellation for {_options.AbandonAfter.TotalSeconds:0} s", run.Metrics, DateTimeOffset.UtcNow);
    }

    /// <summary>Waits for the objective; once the trial is cancelled, waits at most <see cref="TunerOptions.AbandonAfter"/> more. False: abandoned.</summary>
    private async Task<bool> CompletesAsync(Task evaluation, CancellationToken trialToken)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (trialToken.Register(() => cancelled.TrySetResult()).ConfigureAwait(false))
        {
            if (await Task.WhenAny(evaluation, cancelled.Task).ConfigureAwait(false) == evaluation)
            {
                return true;
            }
        }

        return await Task.WhenAny(evaluation, Task.Delay(_options.AbandonAfter, CancellationToken.None)).ConfigureAwait(false) == evaluation;
    }

    /// <summary>Why a cancelled trial was cancelled.</summary>
    private (TrialFailureKind Kind, string Error) Cancellation(RunningTrial run, CancellationToken searchToken)
    {
        if (run.IsLost)
        {
            return (TrialFailureKind.Stale, "stopped: another worker failed the trial as stale while this one was paused or cut off");
        }

        if (searchToken.IsCancellationRequested)
        {
            return _options.Timeout is { } limit && !_callerToken.IsCancellationRequested
                ? (TrialFailureKind.Cancelled, $"cancelled: the search's time limit ({Format(limit)}) passed")
                : (TrialFailureKind.Cancelled, "cancelled");
        }

        return (TrialFailureKind.TimedOut, $"timed out after {Format(_options.TrialTimeout ?? TimeSpan.Zero)}");
    }

    private async ValueTask<TrialRecord> FinishAsync(RunningTrial run, TrialOutcome outcome, RunState state, Stopwatch clock)
    {
        var previousBest = _study.BestTrial;

        // Kept and retried until the trial's stale deadline (after it another worker may fail the trial), and at least
        // for the retry budget: if nobody could reach the storage, nobody failed the trial either.
        var staleDeadline = run.LastSignOfLife + _options.StaleTrialTimeout;
        var retryDeadline = DateTimeOffset.UtcNow + _options.StorageRetryTimeout;
        var finish = await _study.FinishAsync(run.Number, outcome, staleDeadline > retryDeadline ? staleDeadline : retryDeadline).ConfigureAwait(false);
        var record = finish.Trial;
        if (!finish.Accepted)
        {
            TunerLog.FinishRejected(_logger, run.Number, Describe(outcome));
        }

        state.Count(record, resumed: run.ResumeFromStep is not null, _options.MaxConsecutiveFailures);
        if (record.State == TrialState.Failed)
        {
            TunerLog.TrialFailed(_logger, record.Number, record.Error ?? "");
        }
        else if (_logger.IsEnabled(LogLevel.Information))
        {
            TunerLog.TrialFinished(_logger, record.Number, record.HasScore ? "complete" : record.State == TrialState.Complete ? "discarded" : "pruned", record.Score?.ToString("G6", CultureInfo.InvariantCulture) ?? "none", record.Duration?.TotalSeconds ?? 0);
        }

        // Events are built only for someone who listens: with no logger, observer or progress a trial costs no text.
        bool listened = _observers.Any || _options.Progress is not null;
        var best = _study.BestTrial;
        bool newBest = best is not null && ReferenceEquals(best, record);
        var changes = previousBest is null || !(listened || (newBest && _logger.IsEnabled(LogLevel.Information)))
            ? Array.Empty<ParameterChange>()
            : ParameterChange.Between(previousBest.Params, record.Params);
        if (newBest)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                TunerLog.NewBest(_logger, record.Number, record.Score!.Value, string.Join("; ", changes));
            }

            if (_observers.Any)
            {
                NotifyNewBest(record, previousBest, changes);
            }
        }

        // Strategies are called from one thread at a time: the same lock as their proposals.
        await _askLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _strategy.OnTrialFinished(record, _context);
        }
        finally
        {
            _askLock.Release();
        }
        if (listened)
        {
            NotifyFinished(new SearchProgress(record, best, _study.TrialCount, _study.DoneCount, state.Finished, _options.MaxTrials, clock.Elapsed, changes) { ResumedFromStep = run.ResumeFromStep });
        }

        return record;
    }

    private Heartbeats StartHeartbeats() => new(this);

    /// <summary>One loop per search: heartbeats every running trial of this worker and fails other workers' stale trials.</summary>
    private async Task HeartbeatLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    var numbers = _running.Keys.ToArray();
                    if (numbers.Length > 0)
                    {
                        var now = DateTimeOffset.UtcNow;
                        var gone = await _study.HeartbeatAsync(numbers, stop).ConfigureAwait(false);
                        foreach (int number in numbers)
                        {
                            if (!_running.TryGetValue(number, out var run))
                            {
                                continue;
                            }

                            if (gone.Contains(number))
                            {
                                run.MarkLost(); // failed as stale meanwhile: stop the objective
                            }
                            else
                            {
                                run.Alive(now);
                            }
                        }
                    }

                    int stale = (await _study.FailStaleTrialsAsync(stop).ConfigureAwait(false)).Count;
                    if (stale > 0)
                    {
                        TunerLog.StaleTrials(_logger, stale, _study.Name);
                    }
                }
                catch (StudyStorageException ex)
                {
                    // Logged and tried again next tick; results are kept by FinishAsync's own retries.
                    TunerLog.StorageRetrying(_logger, "sending heartbeats", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The search is over.
        }
    }

    private void Notify(Action<ISearchObserver> action) => _observers.Notify(action);

    // The events' closures live in these methods, so a trial nobody listens to allocates none.
    private void NotifyStarted(TrialRecord record) => Notify(o => o.OnTrialStarted(record));

    private void NotifyNewBest(TrialRecord record, TrialRecord? previousBest, IReadOnlyList<ParameterChange> changes) => Notify(o => o.OnNewBest(record, previousBest, changes));

    private void NotifyFinished(SearchProgress progress)
    {
        Notify(o => o.OnTrialFinished(progress));
        _options.Progress?.Report(progress);
    }

    /// <summary>A stable per-trial seed (SplitMix64 of the base seed and the trial number).</summary>
    internal static int TrialSeed(int baseSeed, int number)
    {
        ulong z = unchecked((ulong)(uint)baseSeed * 0x9E3779B97F4A7C15UL + (ulong)number + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & 0x7fffffff);
    }

    private static string Describe(TrialRecord? trial) =>
        trial is null ? "none" : $"#{trial.Number} = {trial.Score?.ToString("G6", CultureInfo.InvariantCulture)}";

    private static string Describe(TrialOutcome outcome) =>
        outcome.State == TrialState.Complete ? $"score {outcome.Score?.ToString("G6", CultureInfo.InvariantCulture) ?? "none"}" : outcome.Error ?? outcome.State.ToString();

    private static string Format(TimeSpan time) => time.ToString(time.TotalHours >= 1 ? @"h\:mm\:ss" : time.TotalMinutes >= 1 ? @"m\:ss" : @"s\.F' s'", CultureInfo.InvariantCulture);

    private static string FormatParams(IReadOnlyDictionary<string, object> values) =>
        string.Join(", ", values.Select(p => $"{p.Key}={ParamValues.Format(p.Value)}"));

    /// <summary>The heartbeat loop of one search or probe; stopped when it ends.</summary>
    private sealed class Heartbeats : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public Heartbeats(SearchEngine engine) => _loop = Task.Run(() => engine.HeartbeatLoopAsync(_stop.Token));

        public async Task StopAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        }

        public void Dispose() => _stop.Dispose();
    }

    /// <summary>Counters and the stop decision shared by the workers of one run.</summary>
    private sealed class RunState
    {
        private readonly object _gate = new();
        private int _consecutiveFailures;
        private HashSet<int>? _pausedHere; // trials this run paused: their resumed run is not another trial

        public StopReason? Reason { get; private set; }

        public int Finished { get; private set; }

        /// <summary>True once a worker gave up on the storage: the others stop proposing.</summary>
        public bool Aborted { get; private set; }

        public void Abort() => Aborted = true;

        public void Stop(StopReason reason)
        {
            lock (_gate)
            {
                Reason ??= reason;
            }
        }

        public void Count(TrialRecord record, bool resumed, int? maxConsecutiveFailures)
        {
            lock (_gate)
            {
                if (!(resumed && _pausedHere?.Remove(record.Number) == true))
                {
                    Finished++; // a trial paused and resumed in this run counts once
                }

                if (record.Paused)
                {
                    (_pausedHere ??= []).Add(record.Number);
                }

                if (record.State == TrialState.Failed && record.FailureKind is TrialFailureKind.Error or TrialFailureKind.TimedOut)
                {
                    _consecutiveFailures++;
                    if (_consecutiveFailures >= maxConsecutiveFailures)
                    {
                        Reason ??= StopReason.TooManyFailures;
                    }
                }
                else if (record.State == TrialState.Complete)
                {
                    _consecutiveFailures = 0;
                }
            }
        }
    }
}
