using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Tuning;

public class TypedTunerTests
{
    private static TunerOptions Memory(int? maxTrials = null, int? seed = 1) => new() { StorageUrl = "memory", MaxTrials = maxTrials, Seed = seed };

    [Fact]
    public async Task A_search_finds_a_good_config_and_returns_it_typed()
    {
        var tuner = new Tuner<SmallConfig>(Memory(maxTrials: 30));
        var result = await tuner.SearchAsync((config, _) => config.Loss());

        Assert.Equal(StopReason.MaxTrialsReached, result.StopReason);
        Assert.Equal(30, result.Trials.Count);
        Assert.NotNull(result.BestConfig);
        Assert.Equal(result.Trials.Where(t => t.HasScore).Min(t => t.Score), result.BestScore);
        Assert.Equal(result.BestScore, result.BestConfig.Loss());
        Assert.True(result.BestScore <= 0.2, $"30 of 48 configs should get near the optimum; best {result.BestScore}");
    }

    [Fact]
    public async Task A_long_search_evaluates_every_distinct_config_exactly_once_then_stops_as_exhausted()
    {
        var calls = new List<string>();
        var tuner = new Tuner<SmallConfig>(Memory());
        var result = await tuner.SearchAsync((config, trial) =>
        {
            lock (calls)
            {
                calls.Add(trial.Key.ToString());
            }

            return config.Loss();
        });

        Assert.Equal(StopReason.SpaceExhausted, result.StopReason);
        Assert.Equal(48, SmallConfig.SearchSpace.DistinctConfigCount);
        Assert.Equal(48, calls.Count);
        Assert.Equal(48, calls.Distinct().Count());
        Assert.Equal(0, result.BestScore);
    }

    [Fact]
    public async Task No_key_is_evaluated_twice_with_concurrent_trials()
    {
        int running = 0, maxRunning = 0;
        var keys = new System.Collections.Concurrent.ConcurrentBag<ConfigKey>();
        var options = Memory();
        options.MaxConcurrentTrials = 4;
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            keys.Add(trial.Key);
            await Task.Delay(5);
            Interlocked.Decrement(ref running);
            return config.Loss();
        });

        Assert.Equal(StopReason.SpaceExhausted, result.StopReason);
        Assert.Equal(48, keys.Count);
        Assert.Equal(48, keys.Distinct().Count());
        Assert.True(maxRunning > 1, "trials should have overlapped");
        Assert.True(maxRunning <= 4);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_sequence_and_another_seed_another()
    {
        async Task<string[]> Run(int seed) =>
            (await new Tuner<SmallConfig>(Memory(maxTrials: 25, seed: seed)).SearchAsync((c, _) => c.Loss())).Trials.Select(t => t.Key.ToString()).ToArray();

        Assert.Equal(await Run(7), await Run(7));
        Assert.NotEqual(await Run(7), await Run(8));
    }

    [Fact]
    public async Task Failing_nan_and_missing_scores_are_recorded_and_never_best()
    {
        int calls = 0;
        var options = Memory(maxTrials: 20);
        options.MaxConsecutiveFailures = null;
        var result = await new Tuner<SmallConfig>(options).SearchAsync((config, trial) =>
        {
            int n = Interlocked.Increment(ref calls);
            return n switch
            {
                1 => throw new InvalidOperationException("boom"),
                2 => double.NaN,
                3 => null,
                4 => double.PositiveInfinity,
                _ => config.Loss() + 10,
            };
        });

        var trials = result.Trials;
        Assert.Equal(21, trials.Count); // the failed trial gave its place in the budget back
        Assert.Equal(20, trials.Count(t => t.State != TrialState.Failed));
        Assert.Equal((TrialState.Failed, TrialFailureKind.Error), (trials[0].State, trials[0].FailureKind));
        Assert.Equal("InvalidOperationException: boom", trials[0].Error);
        Assert.All(trials.Skip(1).Take(3), t => Assert.Equal((TrialState.Complete, (double?)null), (t.State, t.Score)));
        Assert.All(trials, t => Assert.NotEqual(TrialState.Running, t.State));
        Assert.True(result.BestTrial!.Number >= 4);
        Assert.True(result.BestScore >= 10);
    }

    [Fact]
    public async Task Consecutive_failures_stop_the_search()
    {
        var options = Memory(maxTrials: 40);
        options.MaxConsecutiveFailures = 3;
        var result = await new Tuner<SmallConfig>(options).SearchAsync((Func<SmallConfig, TrialContext<SmallConfig>, double?>)((_, _) => throw new InvalidOperationException("always")));
        Assert.Equal(StopReason.TooManyFailures, result.StopReason);
        Assert.Equal(3, result.Trials.Count);
    }

    [Fact]
    public async Task Cancellation_stops_the_search_and_leaves_no_running_trial()
    {
        using var cancel = new CancellationTokenSource();
        var options = Memory();
        options.MaxConcurrentTrials = 2;
        int started = 0;
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            int n = Interlocked.Increment(ref started);
            if (n <= 3)
            {
                return config.Loss(); // the first three finish normally
            }

            if (n == 4)
            {
                cancel.Cancel();
            }

            await Task.Delay(Timeout.Infinite, trial.CancellationToken);
            return config.Loss();
        }, cancel.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.All(result.Trials, t => Assert.NotEqual(TrialState.Running, t.State));
        Assert.Equal(3, result.Trials.Count(t => t.State == TrialState.Complete));
        var cancelled = result.Trials.Where(t => t.State == TrialState.Failed).ToList();
        Assert.InRange(cancelled.Count, 1, 2);
        Assert.All(cancelled, t => Assert.Equal("cancelled", t.Error));
        Assert.NotNull(result.BestTrial);
        Assert.Equal(TrialState.Complete, result.BestTrial.State);
    }

    [Fact]
    public async Task Target_score_and_timeout_stop_the_search()
    {
        var options = Memory();
        options.TargetScore = 0.0;
        var reached = await new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss());
        Assert.Equal(StopReason.TargetReached, reached.StopReason);
        Assert.Equal(0.0, reached.BestScore);
        Assert.True(reached.Trials.Count < 48);

        var timed = Memory();
        timed.Timeout = TimeSpan.FromMilliseconds(200);
        var result = await new Tuner<SmallConfig>(timed).SearchAsync(async (c, _) =>
        {
            await Task.Delay(60);
            return c.Loss();
        });
        Assert.Equal(StopReason.TimeoutReached, result.StopReason);
        Assert.InRange(result.Trials.Count, 1, 47);
    }

    [Fact]
    public async Task Max_trials_counts_the_whole_study_across_runs()
    {
        var storage = new InMemoryStudyStorage();
        var options = new TunerOptions { Storage = storage, MaxTrials = 10, Seed = 3 };
        var first = await new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss());
        Assert.Equal(10, first.TrialsThisRun);

        var again = await new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss());
        Assert.Equal((StopReason.MaxTrialsReached, 0, 10), (again.StopReason, again.TrialsThisRun, again.Trials.Count));

        options.MaxTrials = 15;
        var more = await new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss());
        Assert.Equal((5, 15), (more.TrialsThisRun, more.Trials.Count));
        Assert.Equal(15, more.Trials.Select(t => t.Key).Distinct().Count());
        Assert.True(more.BestScore <= first.BestScore);
    }

    [Fact]
    public async Task Probe_evaluates_a_given_config_once_and_then_returns_the_earlier_result()
    {
        var storage = new InMemoryStudyStorage();
        var tuner = new Tuner<SmallConfig>(new TunerOptions { Storage = storage });
        var config = new SmallConfig { Width = 3, Dropout = false, Optimizer = Opt.Adam, Rate = 0.3 };
        int calls = 0;
        var first = await tuner.ProbeAsync(config, (c, _) => Task.FromResult<double?>(++calls + c.Loss()));
        var sameWithOtherInactiveRate = new SmallConfig { Width = 3, Dropout = false, Optimizer = Opt.Adam, Rate = 0.1 };
        var second = await tuner.ProbeAsync(sameWithOtherInactiveRate, (c, _) => Task.FromResult<double?>(++calls + c.Loss()));

        Assert.Equal(1, calls);
        Assert.Equal(first.Number, second.Number);
        Assert.Equal(1.0, second.Score);
        Assert.Equal(config.GetConfigKey(), first.Key);
    }

    [Fact]
    public async Task Enqueued_configs_run_first()
    {
        var tuner = new Tuner<SmallConfig>(Memory(maxTrials: 5));
        var wanted = new SmallConfig { Width = 1, Dropout = true, Rate = 0.2, Optimizer = Opt.Sgd, Momentum = 0.9 };
        tuner.Enqueue(wanted);
        var result = await tuner.SearchAsync((c, _) => c.Loss());
        Assert.Equal(wanted.GetConfigKey(), result.Trials[0].Key);
        Assert.Equal(wanted.ToString(), result.ConfigOf(result.Trials[0]).ToString());
    }

    [Fact]
    public async Task Reported_values_and_metrics_are_stored_with_the_trial()
    {
        var result = await new Tuner<SmallConfig>(Memory(maxTrials: 2)).SearchAsync(async (config, trial) =>
        {
            await trial.ReportAsync(1, 0.5);
            trial.Report(2, 0.25);
            trial.SetMetric("accuracy", 0.9);
            return 0.25;
        });

        var t = result.Trials[0];
        Assert.Equal(new[] { new IntermediateValue(1, 0.5), new IntermediateValue(2, 0.25) }, t.IntermediateValues);
        Assert.Equal(0.9, t.Metrics["accuracy"]);
        Assert.NotNull(t.FinishedAt);
        Assert.True(t.FinishedAt >= t.StartedAt);
    }

    [Fact]
    public async Task Observers_see_every_trial_and_every_new_best_with_what_changed()
    {
        var observer = new RecordingObserver();
        var options = Memory(maxTrials: 20);
        options.Observers.Add(observer);
        var progress = new List<SearchProgress>();
        options.Progress = new SyncProgress<SearchProgress>(progress.Add);
        var result = await new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss());

        Assert.Equal(20, observer.Started.Count);
        Assert.Equal(20, observer.Finished.Count);
        Assert.Equal(20, progress.Count);
        Assert.Equal(result.BestTrial!.Number, observer.Bests[^1].Best.Number);
        Assert.Equal(observer.Bests.Select(b => b.Best.Score).OrderByDescending(s => s), observer.Bests.Select(b => b.Best.Score));
        foreach (var (best, previous, changes) in observer.Bests.Skip(1))
        {
            Assert.NotEmpty(changes);
            Assert.All(changes, c => Assert.False(Equals(c.Before, c.After)));
            Assert.All(changes, c => Assert.True(previous!.Params.ContainsKey(c.Name) || best.Params.ContainsKey(c.Name)));
        }

        Assert.Single(observer.Done);
        Assert.Equal(StopReason.MaxTrialsReached, observer.Done[0].StopReason);
    }

    [Fact]
    public async Task Invalid_options_are_rejected_before_anything_runs()
    {
        var options = Memory();
        options.RandomizeAxisFactor = 1.5;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss()));
        Assert.Contains("RandomizeAxisFactor", error.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class RecordingObserver : ISearchObserver
    {
        public List<TrialRecord> Started { get; } = new();

        public List<SearchProgress> Finished { get; } = new();

        public List<(TrialRecord Best, TrialRecord? Previous, IReadOnlyList<ParameterChange> Changes)> Bests { get; } = new();

        public List<SearchResult> Done { get; } = new();

        public void OnTrialStarted(TrialRecord trial) => Started.Add(trial);

        public void OnTrialFinished(SearchProgress progress) => Finished.Add(progress);

        public void OnNewBest(TrialRecord best, TrialRecord? previous, IReadOnlyList<ParameterChange> changes) => Bests.Add((best, previous, changes));

        public void OnSearchFinished(SearchResult result) => Done.Add(result);
    }
}
