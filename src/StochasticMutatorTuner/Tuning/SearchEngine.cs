using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>
/// Runs trials of one study: asks the strategy (one ask at a time), reserves the candidate in the storage,
/// evaluates it on up to <see cref="TunerOptions.MaxConcurrentTrials"/> workers, heartbeats, records the outcome
/// and decides when to stop. Every public API (typed, original-style, define-by-run) drives this one class.
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
    private readonly object _eventGate = new();
    private readonly ConcurrentQueue<int[]> _enqueued = new();
    private readonly StrategyContext _context;
    private DateTimeOffset _lastStaleCheck = DateTimeOffset.MinValue;

    public SearchEngine(Study study, TunerOptions options, ILogger logger)
    {
        _study = study;
        _options = options;
        _strategy = options.CreateStrategy();
        _baseSeed = options.Seed ?? Random.Shared.Next();
        _random = new Random(_baseSeed);
        _workerId = options.WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Random.Shared.Next():x8}";
        _logger = logger;
        _context = new StrategyContext(study.Resolver, _random, study.Direction, study.IsTaken, () => study.TrialCount, () => study.BestTrial);
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
    public async Task<SearchResult> RunAsync(Func<RunningTrial, Task<double?>> evaluate, CancellationToken cancellationToken)
    {
        _options.Validate();
        var clock = Stopwatch.StartNew();
        var state = new RunState();
        TunerLog.StudyOpened(_logger, _study.Name, _study.Storage.Description, _study.TrialCount, Describe(_study.BestTrial));

        var workers = Enumerable.Range(0, _options.MaxConcurrentTrials)
            .Select(_ => Task.Run(() => WorkerAsync(evaluate, state, clock, cancellationToken), CancellationToken.None))
            .ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);

        await _study.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        var reason = cancellationToken.IsCancellationRequested ? StopReason.Cancelled : state.Reason ?? StopReason.SpaceExhausted;
        var result = new SearchResult(_study, reason, state.Finished, clock.Elapsed);
        TunerLog.SearchFinished(_logger, reason, state.Finished, Describe(result.BestTrial));
        Notify(o => o.OnSearchFinished(result));
        return result;
    }

    /// <summary>Evaluates one given candidate now, or returns the study's trial with the same key.</summary>
    public async Task<TrialRecord> EvaluateAsync(Candidate candidate, Func<RunningTrial, Task<double?>> evaluate, CancellationToken cancellationToken)
    {
        RunningTrial? run;
        await _askLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _study.RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (_study.FindTrial(candidate.Key) is { } existing)
            {
                return existing;
            }

            var reservation = await ReserveAsync(candidate, maxTrials: null, cancellationToken).ConfigureAwait(false);
            if (reservation.Status != ReservationStatus.Created)
            {
                return _study.Apply(reservation.Trial!);
            }

            run = Start(reservation.Trial!, candidate, cancellationToken);
        }
        finally
        {
            _askLock.Release();
        }

        await _study.SyncSpaceAsync(CancellationToken.None).ConfigureAwait(false);
        var state = new RunState();
        return await ExecuteAsync(run, evaluate, state, Stopwatch.StartNew(), cancellationToken).ConfigureAwait(false);
    }

    private async Task WorkerAsync(Func<RunningTrial, Task<double?>> evaluate, RunState state, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (state.Reason is null && !cancellationToken.IsCancellationRequested)
        {
            if (_options.Timeout is { } timeout && clock.Elapsed >= timeout)
            {
                state.Stop(StopReason.TimeoutReached);
                break;
            }

            RunningTrial? run;
            try
            {
                run = await NextAsync(state, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (run is null)
            {
                break;
            }

            var record = await ExecuteAsync(run, evaluate, state, clock, cancellationToken).ConfigureAwait(false);
            if (record.HasScore && _options.TargetScore is { } target && _study.Direction.Reaches(record.Score!.Value, target))
            {
                state.Stop(StopReason.TargetReached);
            }
        }
    }

    /// <summary>Proposes and reserves the next trial, or sets the stop reason and returns null.</summary>
    private async Task<RunningTrial?> NextAsync(RunState state, CancellationToken cancellationToken)
    {
        await _askLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _study.RefreshAsync(cancellationToken).ConfigureAwait(false);
            await FailStaleTrialsIfDueAsync(cancellationToken).ConfigureAwait(false);
            while (state.Reason is null)
            {
                if (_options.MaxTrials is { } max && _study.TrialCount >= max)
                {
                    state.Stop(StopReason.MaxTrialsReached);
                    return null;
                }

                var candidate = DequeueUntaken() ?? _strategy.Propose(_context);
                if (candidate is null)
                {
                    state.Stop(StopReason.SpaceExhausted);
                    return null;
                }

                var reservation = await ReserveAsync(candidate, _options.MaxTrials, cancellationToken).ConfigureAwait(false);
                switch (reservation.Status)
                {
                    case ReservationStatus.Created:
                        await _study.SyncSpaceAsync(cancellationToken).ConfigureAwait(false);
                        return Start(reservation.Trial!, candidate, cancellationToken);
                    case ReservationStatus.KeyTaken:
                        _study.Apply(reservation.Trial!); // another worker got there first; now it counts as taken
                        break;
                    default:
                        await _study.RefreshAsync(cancellationToken).ConfigureAwait(false);
                        state.Stop(StopReason.MaxTrialsReached);
                        return null;
                }
            }

            return null;
        }
        finally
        {
            _askLock.Release();
        }
    }

    private Candidate? DequeueUntaken()
    {
        while (_enqueued.TryDequeue(out var genome))
        {
            var candidate = _context.Resolve(genome);
            if (!_study.IsTaken(candidate.Key))
            {
                return candidate;
            }
        }

        return null;
    }

    private ValueTask<ReservationResult> ReserveAsync(Candidate candidate, int? maxTrials, CancellationToken cancellationToken)
    {
        var space = _study.Space;
        var values = new List<KeyValuePair<string, string>>();
        for (int i = 0; i < space.Count; i++)
        {
            if (candidate.Active[i])
            {
                values.Add(new(space.Parameters[i].Name, space.FormatValue(i, candidate.Genome[i])));
            }
        }

        var reservation = new TrialReservation(candidate.Key.ToString(), values, _workerId, DateTimeOffset.UtcNow, maxTrials);
        return _study.Storage.ReserveTrialAsync(_study.Info.Id, reservation, cancellationToken);
    }

    private RunningTrial Start(StoredTrial stored, Candidate candidate, CancellationToken cancellationToken)
    {
        var record = _study.Apply(stored);
        TunerLog.TrialStarted(_logger, record.Number, FormatParams(record.Params));
        Notify(o => o.OnTrialStarted(record));
        return new RunningTrial(_study, record, candidate, TrialSeed(_baseSeed, record.Number), _options.Pruner, cancellationToken);
    }

    private async Task<TrialRecord> ExecuteAsync(RunningTrial run, Func<RunningTrial, Task<double?>> evaluate, RunState state, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(run.Record.Number, heartbeatStop.Token);
        TrialOutcome outcome;
        try
        {
            double? returned = await evaluate(run).ConfigureAwait(false);
            double? score = run.HasExplicitScore ? run.ExplicitScore : returned;
            outcome = new TrialOutcome(TrialState.Complete, score is { } s && double.IsFinite(s) ? s : null, run.Metrics, null, DateTimeOffset.UtcNow);
        }
        catch (TrialPrunedException pruned)
        {
            outcome = new TrialOutcome(TrialState.Pruned, null, run.Metrics, pruned.Message, DateTimeOffset.UtcNow);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = new TrialOutcome(TrialState.Failed, null, run.Metrics, "cancelled", DateTimeOffset.UtcNow);
        }
#pragma warning disable CA1031 // An objective's failure is data about the trial, never the end of the search.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = new TrialOutcome(TrialState.Failed, null, run.Metrics, $"{ex.GetType().Name}: {ex.Message}", DateTimeOffset.UtcNow);
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }

        return await FinishAsync(run, outcome, state, clock).ConfigureAwait(false);
    }

    private async Task<TrialRecord> FinishAsync(RunningTrial run, TrialOutcome outcome, RunState state, Stopwatch clock)
    {
        TrialRecord record;
        var previousBest = _study.BestTrial;
        try
        {
            // Never cancelled: a finished trial is recorded even when the search is being cancelled.
            var stored = await _study.Storage.FinishTrialAsync(_study.Info.Id, run.Record.Number, outcome, CancellationToken.None).ConfigureAwait(false);
            record = _study.Apply(stored);
        }
        catch (InvalidOperationException ex)
        {
            TunerLog.FinishRejected(_logger, run.Record.Number, ex.Message);
            await _study.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            record = _study.Trials[run.Record.Number];
        }

        state.Count(record, _options.MaxConsecutiveFailures);
        if (record.State == TrialState.Failed)
        {
            TunerLog.TrialFailed(_logger, record.Number, record.Error ?? "");
        }
        else
        {
            TunerLog.TrialFinished(_logger, record.Number, record.HasScore ? "complete" : record.State == TrialState.Complete ? "discarded" : "pruned", record.Score?.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) ?? "none", record.Duration?.TotalSeconds ?? 0);
        }

        var changes = previousBest is null ? Array.Empty<ParameterChange>() : ParameterChange.Between(previousBest.Params, record.Params);
        var best = _study.BestTrial;
        if (best is not null && ReferenceEquals(best, record))
        {
            TunerLog.NewBest(_logger, record.Number, record.Score!.Value, string.Join("; ", changes));
            Notify(o => o.OnNewBest(record, previousBest, changes));
        }

        _strategy.OnTrialFinished(record, _context);
        var progress = new SearchProgress(record, best, _study.TrialCount, state.Finished, _options.MaxTrials, clock.Elapsed, changes);
        Notify(o => o.OnTrialFinished(progress));
        if (_options.Progress is { } p)
        {
            p.Report(progress);
        }

        return record;
    }

    private async Task HeartbeatAsync(int number, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await _study.Storage.HeartbeatAsync(_study.Info.Id, number, DateTimeOffset.UtcNow, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The trial finished.
        }
        catch (InvalidOperationException)
        {
            // The trial was finished or marked stale meanwhile; FinishAsync reports it.
        }
    }

    private async Task FailStaleTrialsIfDueAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _lastStaleCheck < _options.HeartbeatInterval)
        {
            return;
        }

        _lastStaleCheck = now;
        int count = await _study.Storage.FailStaleTrialsAsync(_study.Info.Id, now - _options.StaleTrialTimeout, now, cancellationToken).ConfigureAwait(false);
        if (count > 0)
        {
            TunerLog.StaleTrials(_logger, count, _study.Name);
            await _study.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Notify(Action<ISearchObserver> action)
    {
        if (_options.Observers.Count == 0)
        {
            return;
        }

        lock (_eventGate)
        {
            foreach (var observer in _options.Observers)
            {
                try
                {
                    action(observer);
                }
#pragma warning disable CA1031 // A broken display must not stop a search.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    TunerLog.ObserverFailed(_logger, ex);
                }
            }
        }
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
        trial is null ? "none" : $"#{trial.Number} = {trial.Score?.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}";

    private static string FormatParams(IReadOnlyDictionary<string, object> values) =>
        string.Join(", ", values.Select(p => $"{p.Key}={ParamValues.Format(p.Value)}"));

    /// <summary>Counters and the stop decision shared by the workers of one run.</summary>
    private sealed class RunState
    {
        private readonly object _gate = new();
        private int _consecutiveFailures;

        public StopReason? Reason { get; private set; }

        public int Finished { get; private set; }

        public void Stop(StopReason reason)
        {
            lock (_gate)
            {
                Reason ??= reason;
            }
        }

        public void Count(TrialRecord record, int? maxConsecutiveFailures)
        {
            lock (_gate)
            {
                Finished++;
                if (record.State == TrialState.Failed && record.Error != "cancelled")
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
