using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>A study over a storage whose calls fail transiently, lose their answers, or never come back.</summary>
public sealed class StudyFaultTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Transient_failures_and_lost_answers_neither_duplicate_nor_lose_a_trial(int seed)
    {
        await using var flaky = new FlakyStorage(new InMemoryStudyStorage(), seed);
        var options = new TunerOptions { Storage = flaky, StudyName = "flaky", MaxTrials = 30, Seed = seed, MaxConcurrentTrials = 3, HeartbeatInterval = TimeSpan.FromMilliseconds(20), StaleTrialTimeout = TimeSpan.FromSeconds(30) };
        var result = await new Tuner<WorkerConfig>(options).SearchAsync(async (config, trial) =>
        {
            await trial.ReportAsync(1, config.Loss() + 1);
            await Task.Delay(5);
            await trial.ReportAsync(2, config.Loss() + 0.5);
            return config.Loss();
        });

        Assert.True(flaky.Failures > 20, $"only {flaky.Failures} failures were injected");
        Assert.Equal(StopReason.MaxTrialsReached, result.StopReason);
        Assert.Equal(30, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal((TrialState.Complete, 2), (t.State, t.IntermediateValues.Count)));
        Assert.Equal(30, result.Trials.Select(t => t.Key).Distinct().Count());
        Assert.Equal(30, result.TrialsThisRun);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Claims_of_paused_trials_whose_answers_are_lost_still_resume_each_pause_once(int seed)
    {
        var folder = Directory.CreateTempSubdirectory("smt-flaky-pause-").FullName;
        try
        {
            await using var flaky = new FlakyStorage(new InMemoryStudyStorage(), seed);
            var log = new ResumableLog();
            var options = new TunerOptions
            {
                Storage = flaky, StudyName = "flaky-pause", MaxTrials = 30, Seed = seed, ArtifactFolder = folder,
                Pruner = new SuccessiveHalvingPruner { MinResourceFraction = 0 },
                HeartbeatInterval = TimeSpan.FromMilliseconds(20), StaleTrialTimeout = TimeSpan.FromSeconds(30),
            };
            var result = await new Tuner<SmallConfig>(options).SearchAsync(ResumableCurve.Objective(log, trend: 1));

            Assert.True(flaky.Failures > 20, $"only {flaky.Failures} failures were injected");
            Assert.NotEmpty(log.Resumes);
            // A claim that committed but whose answer was lost is this worker's: it runs, it does not sit running until stale.
            Assert.DoesNotContain(result.Trials, t => t.State is TrialState.Running or TrialState.Failed);
            Assert.Equal(log.Resumes.Count, log.Resumes.Select(r => (r.Trial, r.From)).Distinct().Count());
            Assert.All(log.Resumes, r => Assert.Contains((r.Trial, r.From, true), log.Stops));
            Assert.Equal(log.Reports.Count, log.Reports.Distinct().Count());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A storage that never hands a pause out answers as <see cref="IStudyStorage"/>'s default does: the search offers each pause once, then goes on without it, instead of asking for it forever.</summary>
    [Fact(Timeout = 120_000)]
    public async Task A_storage_that_cannot_claim_pauses_leaves_them_paused_and_the_search_ends()
    {
        var folder = Directory.CreateTempSubdirectory("smt-noclaim-").FullName;
        try
        {
            await using var storage = new NeverClaims(new InMemoryStudyStorage());
            var log = new ResumableLog();
            var options = new TunerOptions { Storage = storage, StudyName = "no-claims", MaxTrials = 30, Seed = 5, ArtifactFolder = folder, Pruner = new SuccessiveHalvingPruner { MinResourceFraction = 0 } };
            var result = await new Tuner<SmallConfig>(options).SearchAsync(ResumableCurve.Objective(log, trend: 1));

            Assert.Equal(StopReason.MaxTrialsReached, result.StopReason);
            Assert.True(storage.Claims > 0, "no pause was ever offered: the test would not show anything");
            Assert.Empty(log.Resumes);
            Assert.True(storage.Claims <= log.Stops.Count(s => s.Paused), $"{storage.Claims} claims for {log.Stops.Count(s => s.Paused)} pauses: a refused pause was asked for again");
            Assert.Contains(result.Trials, t => t.Paused);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class NeverClaims(IStudyStorage inner) : ForwardingStorage(inner)
    {
        private int _claims;

        public int Claims => Volatile.Read(ref _claims);

        public override ValueTask<StoredTrial?> ClaimPausedTrialAsync(long studyId, int number, int pausedStep, string workerId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _claims);
            return ValueTask.FromResult<StoredTrial?>(null);
        }
    }

    [Fact]
    public async Task A_storage_that_stays_down_ends_the_search_with_one_line_that_names_it()
    {
        var dead = new FlakyStorage(new InMemoryStudyStorage(), seed: 1, failBefore: 1.0, loseAnswer: 0);
        var options = new TunerOptions { Storage = dead, StudyName = "down", MaxTrials = 5, StorageRetryTimeout = TimeSpan.FromMilliseconds(500) };

        var error = await Assert.ThrowsAsync<StudyStorageException>(() => new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss()));

        Assert.False(error.IsTransient);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("flaky in-memory storage", error.Message);
        Assert.Contains("Gave up opening study 'down'", error.Message);
    }

    [Fact]
    public async Task Stale_trials_are_reported_on_open_and_failed_when_a_search_starts_without_using_up_the_budget()
    {
        await using var storage = new InMemoryStudyStorage();
        var space = SmallConfig.SearchSpace;
        var info = await storage.CreateOrOpenStudyAsync(new StudyDefinition("stale", Direction.Minimize, space.Fingerprint, SpaceDescription.ToJson(space)));
        var genome = new SmallConfig { Width = 1 }.ToGenome();
        var values = space.ActiveValues(genome).Select(p => new KeyValuePair<string, string>(p.Key, ParamValues.Format(p.Value))).ToArray();
        await storage.ReserveTrialAsync(info.Id, new TrialReservation(space.KeyOf(genome).ToString(), values, "dead-worker", DateTimeOffset.UtcNow.AddMinutes(-5)) { StaleAfter = TimeSpan.FromMinutes(1) });

        var reader = await Study.OpenExistingAsync(storage, "stale");
        var stale = Assert.Single(reader.FindStaleTrials(DateTimeOffset.UtcNow));
        Assert.Equal("dead-worker", stale.WorkerId);

        var result = await new Tuner<SmallConfig>(new TunerOptions { Storage = storage, StudyName = "stale", MaxTrials = 6, Seed = 1 }).SearchAsync((c, _) => c.Loss());

        Assert.Equal((TrialState.Failed, TrialFailureKind.Stale), (result.Trials[0].State, result.Trials[0].FailureKind));
        Assert.Equal(6, result.Trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal(7, result.Trials.Count);
        Assert.StartsWith("stale: no heartbeat since", result.Trials[0].Error);
    }
}

/// <summary>One slow storage call must not stall the other trials of the process: no lock is held across I/O.</summary>
public sealed class NoLockAcrossIoTests
{
    [Fact]
    public async Task While_one_reservation_hangs_the_other_slots_keep_proposing_and_finishing_trials()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int finishedWhileHeld = 0;
        await using var storage = new HangingFirstReservation(new InMemoryStudyStorage(), gate.Task);
        var options = new TunerOptions { Storage = storage, StudyName = "slow", MaxTrials = 40, Seed = 2, MaxConcurrentTrials = 4 };
        var search = new Tuner<WorkerConfig>(options).SearchAsync(async (config, trial) =>
        {
            await Task.Yield();
            if (!gate.Task.IsCompleted && Interlocked.Increment(ref finishedWhileHeld) == 20)
            {
                gate.TrySetResult(); // twenty trials ran while the first reservation of the search was still stuck
            }

            return config.Loss();
        });

        var result = await search.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(finishedWhileHeld >= 20, $"only {finishedWhileHeld} trials ran while one reservation hung");
        Assert.Equal(40, result.Trials.Count(t => t.State == TrialState.Complete));
    }

    /// <summary>The first reservation of the search waits until the test opens the gate.</summary>
    private sealed class HangingFirstReservation(IStudyStorage inner, Task gate) : ForwardingStorage(inner)
    {
        private int _reservations;

        public override async ValueTask<ReservationResult> ReserveTrialAsync(long studyId, TrialReservation reservation, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _reservations) == 1)
            {
                await gate.WaitAsync(cancellationToken);
            }

            return await Inner.ReserveTrialAsync(studyId, reservation, cancellationToken);
        }
    }
}

/// <summary>A per-step report is stored behind the objective: a slow storage never holds the training, and the outcome waits for the reports.</summary>
public sealed class ReportBehindTests
{
    [Fact]
    public async Task A_report_whose_write_hangs_does_not_hold_the_objective_and_the_outcome_is_recorded_after_it()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var storage = new HangingReports(new InMemoryStudyStorage(), gate.Task);
        bool returnedWhileHeld = false;
        var options = new TunerOptions { Storage = storage, StudyName = "behind", MaxTrials = 1, Seed = 4 };
        var search = new Tuner<WorkerConfig>(options).SearchAsync(async (config, trial) =>
        {
            await trial.ReportAsync(1, 2.0);
            trial.Report(2, 1.5);
            returnedWhileHeld = !gate.Task.IsCompleted; // both reports returned while the storage still held the first write
            return 1.0;
        });

        await storage.FirstReportArrived.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(search.IsCompleted);
        Assert.Equal(0, storage.Finishes); // the outcome waits for the reports
        gate.SetResult();
        var result = await search.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(returnedWhileHeld, "a report waited for its write");
        var trial = Assert.Single(result.Trials);
        Assert.Equal(TrialState.Complete, trial.State);
        Assert.Equal(new[] { 1, 2 }, trial.IntermediateValues.Select(v => v.Step));
        Assert.Equal(new[] { "report 1", "report 2", "finish", "flush" }, storage.Calls);
    }

    [Fact]
    public async Task Once_a_report_cannot_be_stored_the_objective_hears_it_and_later_reports_are_not_tried()
    {
        await using var storage = new ReportsDown(new InMemoryStudyStorage());
        var options = new TunerOptions { Storage = storage, StudyName = "down", MaxTrials = 1, Seed = 5, StorageRetryTimeout = TimeSpan.FromMilliseconds(300) };
        var result = await new Tuner<WorkerConfig>(options).SearchAsync(async (config, trial) =>
        {
            for (int step = 1; step <= 10; step++)
            {
                await trial.ReportAsync(step, 1.0 / step); // queued behind the first, which retries for 300 ms
            }

            if (trial.Number > 0)
            {
                return 0.05;
            }

            // Keep training: once the first report's retries give up, the failure reaches the objective at a report.
            for (int step = 11; step < 1200; step++)
            {
                await Task.Delay(50);
                await trial.ReportAsync(step, 1.0 / step);
            }

            return 0.05;
        });

        var trial = result.Trials[0]; // its reports fail (a failed trial gives its place back: trial 1 completes the search)
        Assert.Equal(TrialState.Failed, trial.State);
        Assert.Contains("reports are down", trial.Error);
        Assert.Equal(new[] { 1 }, storage.StepsTried); // the queued reports were not each retried for the whole budget
        Assert.Equal((TrialState.Complete, 10), (result.Trials[1].State, result.Trials[1].IntermediateValues.Count));
    }

    /// <summary>Every report of trial 0 fails as if the storage were unreachable; everything else works.</summary>
    private sealed class ReportsDown(IStudyStorage inner) : ForwardingStorage(inner)
    {
        private readonly HashSet<int> _steps = [];

        public int[] StepsTried
        {
            get
            {
                lock (_steps)
                {
                    return _steps.Order().ToArray();
                }
            }
        }

        public override ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            if (number > 0)
            {
                return base.ReportIntermediateAsync(studyId, number, value, now, cancellationToken);
            }

            lock (_steps)
            {
                _steps.Add(value.Step);
            }

            throw new StudyStorageException("reports are down", isTransient: true);
        }
    }

    /// <summary>The first report's write waits until the test opens the gate; records the order of reports and finishes.</summary>
    private sealed class HangingReports(IStudyStorage inner, Task gate) : CallRecordingStorage(inner)
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstReportArrived => _first.Task;

        public int Finishes => Calls.Count(c => c == "finish");

        public override async ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            _first.TrySetResult();
            await gate.WaitAsync(cancellationToken);
            await base.ReportIntermediateAsync(studyId, number, value, now, cancellationToken); // recorded once the gate opens
        }
    }
}
