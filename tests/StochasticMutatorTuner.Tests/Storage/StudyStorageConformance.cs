using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Studies;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>
/// The contract every <see cref="IStudyStorage"/> keeps, and the consistency model every <see cref="Study"/> view of
/// it keeps. Each implementation's test class derives from this and runs every test against a real instance
/// (in-memory, a real SQLite file, a real PostgreSQL server).
/// </summary>
public abstract partial class StudyStorageConformance : IAsyncLifetime
{
    private readonly List<IStudyStorage> _others = new();
    private IStudyStorage? _storage;

    protected IStudyStorage Storage => _storage ?? throw new InvalidOperationException("not initialized");

    /// <summary>A storage with no studies of the names these tests use.</summary>
    protected abstract Task<IStudyStorage> CreateStorageAsync();

    /// <summary>Another handle on the same data, as a second process would open it (the same object for in-memory).</summary>
    protected abstract IStudyStorage OpenAnother(IStudyStorage storage);

    public async Task InitializeAsync() => _storage = await CreateStorageAsync();

    public async Task DisposeAsync()
    {
        foreach (var other in _others.Where(o => !ReferenceEquals(o, _storage)))
        {
            await other.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }

    private IStudyStorage Another()
    {
        var other = OpenAnother(Storage);
        _others.Add(other);
        return other;
    }

    protected static string UniqueName(string prefix = "study") => $"{prefix}-{Guid.NewGuid():N}";

    protected static StudyDefinition Definition(string name, Direction direction = Direction.Minimize) => new(name, direction, "fp1", "{\"parameters\":[]}");

    protected static TrialReservation Reservation(string key, int? maxTrials = null, params (string Name, string Value)[] values) =>
        new(key, values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)).ToArray(), "worker-1", DateTimeOffset.UtcNow, maxTrials);

    protected static TrialOutcome Complete(double? score, IReadOnlyDictionary<string, double>? metrics = null) =>
        TrialOutcome.Complete(score, metrics, DateTimeOffset.UtcNow);

    private static TrialOutcome Failed(string error = "InvalidOperationException: boom") =>
        TrialOutcome.Failed(TrialFailureKind.Error, error, null, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_study_is_created_once_and_reopened_with_what_it_was_created_with()
    {
        string name = UniqueName();
        var created = await Storage.CreateOrOpenStudyAsync(Definition(name, Direction.Maximize));
        var reopened = await Storage.CreateOrOpenStudyAsync(new StudyDefinition(name, Direction.Minimize, "other", "{}"));

        Assert.Equal(created.Id, reopened.Id);
        Assert.Equal((name, Direction.Maximize, "fp1"), (reopened.Name, reopened.Direction, reopened.SpaceFingerprint));
        Assert.Equal(created, await Storage.FindStudyAsync(name));
        Assert.Contains(await Storage.ListStudiesAsync(), s => s.Name == name);
        Assert.Null(await Storage.FindStudyAsync(UniqueName("missing")));
    }

    [Fact]
    public async Task Concurrent_creation_of_one_study_from_many_handles_gives_one_study()
    {
        string name = UniqueName();
        var handles = Enumerable.Range(0, 6).Select(_ => Another()).ToArray();
        var infos = await Task.WhenAll(handles.Select(h => h.CreateOrOpenStudyAsync(Definition(name)).AsTask()));

        Assert.Single(infos.Select(i => i.Id).Distinct());
        Assert.Single(await Storage.ListStudiesAsync(), s => s.Name == name);
    }

    [Fact]
    public async Task Reservations_are_numbered_densely_and_a_taken_key_returns_the_existing_trial()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var first = await Storage.ReserveTrialAsync(study.Id, Reservation("k1", null, ("lr", "0.001"), ("act", "relu")));
        var second = await Storage.ReserveTrialAsync(study.Id, Reservation("k2"));
        var again = await Storage.ReserveTrialAsync(study.Id, Reservation("k1"));

        Assert.Equal((ReservationStatus.Created, 0), (first.Status, first.Trial!.Number));
        Assert.Equal((ReservationStatus.Created, 1), (second.Status, second.Trial!.Number));
        Assert.Equal((ReservationStatus.KeyTaken, 0), (again.Status, again.Trial!.Number));
        Assert.Equal(TrialState.Running, first.Trial.State);
        Assert.Equal(new[] { "lr=0.001", "act=relu" }, first.Trial.Params.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal("worker-1", first.Trial.WorkerId);
    }

    [Fact]
    public async Task The_trial_limit_is_enforced_by_the_reservation_itself()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Storage.ReserveTrialAsync(study.Id, Reservation($"key{i}", maxTrials: 10)).AsTask()));

        Assert.Equal(10, results.Count(r => r.Status == ReservationStatus.Created));
        Assert.Equal(20, results.Count(r => r.Status == ReservationStatus.StudyFull));
        Assert.Equal(Enumerable.Range(0, 10), (await Storage.GetTrialsAsync(study.Id)).Select(t => t.Number));
    }

    [Fact]
    public async Task Failed_trials_give_their_place_in_the_budget_back_and_complete_or_pruned_ones_keep_it()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var a = (await Storage.ReserveTrialAsync(study.Id, Reservation("a", maxTrials: 3))).Trial!;
        var b = (await Storage.ReserveTrialAsync(study.Id, Reservation("b", maxTrials: 3))).Trial!;
        var c = (await Storage.ReserveTrialAsync(study.Id, Reservation("c", maxTrials: 3))).Trial!;
        Assert.Equal(ReservationStatus.StudyFull, (await Storage.ReserveTrialAsync(study.Id, Reservation("d", maxTrials: 3))).Status);

        await Storage.FinishTrialAsync(study.Id, a.Number, Complete(1));
        await Storage.FinishTrialAsync(study.Id, b.Number, TrialOutcome.Pruned(2, null, DateTimeOffset.UtcNow));
        Assert.Equal(ReservationStatus.StudyFull, (await Storage.ReserveTrialAsync(study.Id, Reservation("d", maxTrials: 3))).Status);

        await Storage.FinishTrialAsync(study.Id, c.Number, Failed());
        var d = await Storage.ReserveTrialAsync(study.Id, Reservation("d", maxTrials: 3));
        Assert.Equal((ReservationStatus.Created, 3), (d.Status, d.Trial!.Number));
        Assert.Equal(ReservationStatus.StudyFull, (await Storage.ReserveTrialAsync(study.Id, Reservation("e", maxTrials: 3))).Status);
    }

    [Fact]
    public async Task Of_concurrent_reservations_of_one_key_exactly_one_creates_the_trial()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var handles = Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? Storage : Another()).ToArray();
        var results = await Task.WhenAll(handles.Select(h => h.ReserveTrialAsync(study.Id, Reservation("same")).AsTask()));

        Assert.Single(results, r => r.Status == ReservationStatus.Created);
        Assert.All(results, r => Assert.Equal(0, r.Trial!.Number));
        Assert.Single(await Storage.GetTrialsAsync(study.Id));
    }

    [Fact]
    public async Task Finishing_records_score_metrics_and_times_once()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var trial = (await Storage.ReserveTrialAsync(study.Id, Reservation("k"))).Trial!;
        var metrics = new Dictionary<string, double> { ["accuracy"] = 0.93, ["odd"] = double.NaN, ["huge"] = double.PositiveInfinity };
        var finished = await Storage.FinishTrialAsync(study.Id, trial.Number, Complete(0.25, metrics));

        Assert.Equal((TrialState.Complete, 0.25), (finished.State, finished.Score));
        Assert.Equal(0.93, finished.Metrics["accuracy"]);
        Assert.True(double.IsNaN(finished.Metrics["odd"]));
        Assert.Equal(double.PositiveInfinity, finished.Metrics["huge"]);
        Assert.NotNull(finished.FinishedAt);
        Assert.True(finished.Version > trial.Version);

        var again = await Assert.ThrowsAsync<TrialNotRunningException>(() => Storage.FinishTrialAsync(study.Id, trial.Number, Complete(0.1)).AsTask());
        Assert.Equal((TrialState.Complete, 0.25), (again.Current!.State, again.Current.Score)); // what a retried finish finds
        var missing = await Assert.ThrowsAsync<TrialNotRunningException>(() => Storage.FinishTrialAsync(study.Id, 99, Complete(0.1)).AsTask());
        Assert.Null(missing.Current);
        Assert.Equal(0.25, (await Storage.GetTrialsAsync(study.Id)).Single().Score);
    }

    [Fact]
    public async Task Failures_and_pruning_are_stored_as_typed_fields()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var nan = (await Storage.ReserveTrialAsync(study.Id, Reservation("nan"))).Trial!;
        var failed = (await Storage.ReserveTrialAsync(study.Id, Reservation("failed"))).Trial!;
        var pruned = (await Storage.ReserveTrialAsync(study.Id, Reservation("pruned"))).Trial!;
        var cancelled = (await Storage.ReserveTrialAsync(study.Id, Reservation("cancelled"))).Trial!;

        Assert.Null((await Storage.FinishTrialAsync(study.Id, nan.Number, Complete(double.NaN))).Score);
        var f = await Storage.FinishTrialAsync(study.Id, failed.Number, Failed());
        Assert.Equal((TrialState.Failed, (double?)null, "InvalidOperationException: boom", TrialFailureKind.Error), (f.State, f.Score, f.Error, f.FailureKind));
        var p = await Storage.FinishTrialAsync(study.Id, pruned.Number, TrialOutcome.Pruned(3, null, DateTimeOffset.UtcNow));
        Assert.Equal((TrialState.Pruned, 3, (TrialFailureKind?)null), (p.State, p.PrunedStep, p.FailureKind));
        await Storage.FinishTrialAsync(study.Id, cancelled.Number, TrialOutcome.Failed(TrialFailureKind.Cancelled, "cancelled", null, DateTimeOffset.UtcNow));

        var stored = await Storage.GetTrialsAsync(study.Id);
        Assert.Equal(TrialFailureKind.Cancelled, stored[cancelled.Number].FailureKind);
        Assert.Equal(3, stored[pruned.Number].PrunedStep);
    }

    [Fact]
    public async Task Intermediate_values_are_stored_by_step_only_for_running_trials_and_a_repeated_step_is_ignored()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var trial = (await Storage.ReserveTrialAsync(study.Id, Reservation("k"))).Trial!;
        for (int step = 1; step <= 5; step++)
        {
            await Storage.ReportIntermediateAsync(study.Id, trial.Number, new IntermediateValue(step, 1.0 / step), DateTimeOffset.UtcNow);
        }

        await Storage.ReportIntermediateAsync(study.Id, trial.Number, new IntermediateValue(3, 42), DateTimeOffset.UtcNow); // a retried report
        var stored = (await Storage.GetTrialsAsync(study.Id)).Single();
        Assert.Equal(Enumerable.Range(1, 5).Select(s => new IntermediateValue(s, 1.0 / s)), stored.IntermediateValues);

        var finished = await Storage.FinishTrialAsync(study.Id, trial.Number, Complete(0.2));
        Assert.Equal(stored.IntermediateValues, finished.IntermediateValues); // the finished row the study merges keeps its values
        await Assert.ThrowsAsync<TrialNotRunningException>(() => Storage.ReportIntermediateAsync(study.Id, trial.Number, new IntermediateValue(6, 0), DateTimeOffset.UtcNow).AsTask());
        Assert.Equal(5, (await Storage.GetTrialsAsync(study.Id)).Single().IntermediateValues.Count);
    }

    [Fact]
    public async Task Reading_from_a_cursor_returns_what_changed_and_heartbeats_are_not_changes()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var a = (await Storage.ReserveTrialAsync(study.Id, Reservation("a"))).Trial!;
        var b = (await Storage.ReserveTrialAsync(study.Id, Reservation("b"))).Trial!;
        var first = await Storage.GetTrialChangesAsync(study.Id, 0);
        Assert.Equal(new[] { 0, 1 }, first.Trials.Select(t => t.Number));

        await Storage.FinishTrialAsync(study.Id, a.Number, Complete(1));
        await Storage.HeartbeatAsync(study.Id, new[] { b.Number }, DateTimeOffset.UtcNow);
        var changed = await Storage.GetTrialChangesAsync(study.Id, first.Cursor);

        Assert.Contains(changed.Trials, t => t.Number == a.Number && t.State == TrialState.Complete);
        var quiet = await Storage.GetTrialChangesAsync(study.Id, changed.Cursor);
        Assert.DoesNotContain(quiet.Trials, t => t.Number == b.Number && t.Version > b.Version);
        Assert.Equal(TrialState.Running, (await Storage.GetTrialsAsync(study.Id)).Single(t => t.Number == b.Number).State);
    }

    [Fact]
    public async Task Reading_from_cursors_while_other_handles_write_never_misses_a_committed_write()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var writers = Enumerable.Range(0, 4).Select(_ => Another()).ToArray();
        var seen = new Dictionary<int, StoredTrial>();
        long cursor = 0;
        using var stop = new CancellationTokenSource();

        var writing = Task.WhenAll(writers.Select((w, i) => Task.Run(async () =>
        {
            for (int k = 0; k < 25; k++)
            {
                var t = (await w.ReserveTrialAsync(study.Id, Reservation($"w{i}-{k}"))).Trial!;
                await w.ReportIntermediateAsync(study.Id, t.Number, new IntermediateValue(1, k), DateTimeOffset.UtcNow);
                await w.FinishTrialAsync(study.Id, t.Number, Complete(k));
            }
        })));
        while (!writing.IsCompleted)
        {
            var changes = await Storage.GetTrialChangesAsync(study.Id, cursor);
            foreach (var t in changes.Trials)
            {
                if (!seen.TryGetValue(t.Number, out var old) || old.Version <= t.Version)
                {
                    seen[t.Number] = t;
                }
            }

            cursor = changes.Cursor;
        }

        await writing;
        var last = await Storage.GetTrialChangesAsync(study.Id, cursor);
        foreach (var t in last.Trials)
        {
            seen[t.Number] = t;
        }

        var truth = await Storage.GetTrialsAsync(study.Id);
        Assert.Equal(100, truth.Count);
        Assert.Equal(truth.Select(t => (t.Number, t.State, t.Score, t.IntermediateValues.Count)), seen.Values.OrderBy(t => t.Number).Select(t => (t.Number, t.State, t.Score, t.IntermediateValues.Count)));
    }

    [Fact]
    public async Task Running_trials_silent_for_longer_than_their_own_stale_timeout_are_failed_and_the_rest_is_untouched()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var old = DateTimeOffset.UtcNow.AddMinutes(-10);
        var none = Array.Empty<KeyValuePair<string, string>>();
        var stale = (await Storage.ReserveTrialAsync(study.Id, new TrialReservation("stale", none, "dead", old) { StaleAfter = TimeSpan.FromMinutes(1) })).Trial!;
        var patient = (await Storage.ReserveTrialAsync(study.Id, new TrialReservation("patient", none, "slow", old) { StaleAfter = TimeSpan.FromHours(1) })).Trial!;
        var alive = (await Storage.ReserveTrialAsync(study.Id, new TrialReservation("alive", none, "w", old) { StaleAfter = TimeSpan.FromMinutes(1) })).Trial!;
        var done = (await Storage.ReserveTrialAsync(study.Id, new TrialReservation("done", none, "w", old) { StaleAfter = TimeSpan.FromMinutes(1) })).Trial!;
        await Storage.FinishTrialAsync(study.Id, done.Number, Complete(3));
        Assert.Empty(await Storage.HeartbeatAsync(study.Id, new[] { alive.Number }, DateTimeOffset.UtcNow));

        var marked = await Storage.FailStaleTrialsAsync(study.Id, DateTimeOffset.UtcNow);

        Assert.Equal(new[] { stale.Number }, marked);
        var trials = await Storage.GetTrialsAsync(study.Id);
        var s = trials.Single(t => t.Number == stale.Number);
        Assert.Equal((TrialState.Failed, TrialFailureKind.Stale), (s.State, s.FailureKind));
        Assert.Equal(old.ToUnixTimeMilliseconds(), s.FinishedAt!.Value.ToUnixTimeMilliseconds()); // its last sign of life, not the sweep
        Assert.Equal(TrialState.Running, trials.Single(t => t.Number == alive.Number).State);
        Assert.Equal(TrialState.Running, trials.Single(t => t.Number == patient.Number).State);
        Assert.Equal((TrialState.Complete, 3.0), (trials.Single(t => t.Number == done.Number).State, trials.Single(t => t.Number == done.Number).Score!.Value));
        await Assert.ThrowsAsync<TrialNotRunningException>(() => Storage.FinishTrialAsync(study.Id, stale.Number, Complete(1)).AsTask());
        Assert.Equal(new[] { stale.Number, done.Number }, await Storage.HeartbeatAsync(study.Id, new[] { stale.Number, alive.Number, done.Number }, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Study_names_are_data_even_when_they_look_like_sql()
    {
        string name = "x'); DROP TABLE smt_trials; -- \"quoted\" " + Guid.NewGuid().ToString("N");
        var study = await Storage.CreateOrOpenStudyAsync(Definition(name));
        await Storage.ReserveTrialAsync(study.Id, Reservation("k'; --"));
        Assert.Equal(name, (await Storage.FindStudyAsync(name))!.Name);
        Assert.Equal("k'; --", (await Storage.GetTrialsAsync(study.Id)).Single().Key);
    }

    [Fact]
    public async Task Deleting_a_study_removes_it_and_its_trials_only()
    {
        var keep = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName("keep")));
        var drop = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName("drop")));
        await Storage.ReserveTrialAsync(keep.Id, Reservation("a"));
        var t = (await Storage.ReserveTrialAsync(drop.Id, Reservation("a"))).Trial!;
        await Storage.ReportIntermediateAsync(drop.Id, t.Number, new IntermediateValue(1, 1), DateTimeOffset.UtcNow);

        Assert.True(await Storage.DeleteStudyAsync(drop.Name));
        Assert.False(await Storage.DeleteStudyAsync(drop.Name));
        Assert.Null(await Storage.FindStudyAsync(drop.Name));
        Assert.Single(await Storage.GetTrialsAsync(keep.Id));
    }

    [Fact]
    public async Task Artifact_records_are_kept_per_study_trial_and_name_replaced_by_name_and_deleted_once()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName("artifacts")));
        var other = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName("artifacts")));
        var created = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        await Storage.RecordArtifactAsync(study.Id, new ArtifactInfo(2, "model.safetensors", 10, "aa", created, "host:1"));
        await Storage.RecordArtifactAsync(study.Id, new ArtifactInfo(0, "plot.png", 5, "bb", created, null));
        await Storage.RecordArtifactAsync(study.Id, new ArtifactInfo(2, "Z.txt", 1, "cc", created, "host:1"));
        await Storage.RecordArtifactAsync(other.Id, new ArtifactInfo(0, "plot.png", 7, "dd", created, "host:2"));
        await Storage.RecordArtifactAsync(study.Id, new ArtifactInfo(2, "model.safetensors", 12, "ee", created.AddSeconds(1), "host:3")); // replaced

        var listed = await Storage.ListArtifactsAsync(study.Id);
        Assert.Equal(new[] { (0, "plot.png"), (2, "Z.txt"), (2, "model.safetensors") }, listed.Select(a => (a.TrialNumber, a.Name)));
        Assert.Equal(new ArtifactInfo(2, "model.safetensors", 12, "ee", created.AddSeconds(1), "host:3"), listed[2]);
        Assert.Null(listed[0].SavedBy);

        Assert.True(await Storage.DeleteArtifactAsync(study.Id, 2, "model.safetensors"));
        Assert.False(await Storage.DeleteArtifactAsync(study.Id, 2, "model.safetensors"));
        Assert.Equal(new[] { "plot.png", "Z.txt" }, (await Storage.ListArtifactsAsync(study.Id)).Select(a => a.Name));
        Assert.Equal(7, (await Storage.ListArtifactsAsync(other.Id)).Single().Length);

        Assert.True(await Storage.DeleteStudyAsync(study.Name));
        var recreated = await Storage.CreateOrOpenStudyAsync(Definition(study.Name));
        Assert.Empty(await Storage.ListArtifactsAsync(recreated.Id));
        Assert.Single(await Storage.ListArtifactsAsync(other.Id));
    }

    [Fact]
    public async Task Artifact_records_written_concurrently_from_many_handles_are_all_kept()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName("artifacts")));
        var handles = Enumerable.Range(0, 4).Select(_ => Another()).ToArray();
        await Task.WhenAll(handles.SelectMany((h, i) => Enumerable.Range(0, 10).Select(n =>
            h.RecordArtifactAsync(study.Id, new ArtifactInfo(n, $"w{i}.bin", n, "00", DateTimeOffset.UtcNow, $"w{i}")).AsTask())));

        var listed = await Storage.ListArtifactsAsync(study.Id);
        Assert.Equal(40, listed.Count);
        Assert.Equal(40, listed.Select(a => (a.TrialNumber, a.Name)).Distinct().Count());
    }

    [Fact]
    public async Task The_recorded_space_can_be_updated()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        await Storage.UpdateStudySpaceAsync(study.Id, "fp2", "{\"parameters\":[1]}");
        var reopened = (await Storage.FindStudyAsync(study.Name))!;
        Assert.Equal(("fp2", "{\"parameters\":[1]}"), (reopened.SpaceFingerprint, reopened.SpaceJson));
    }

    [Fact]
    public async Task A_whole_search_runs_on_this_storage_and_resumes()
    {
        var options = new TunerOptions { Storage = Storage, StudyName = UniqueName(), MaxTrials = 12, Seed = 5 };
        var first = await new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss());
        options.MaxTrials = 20;
        var second = await new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss());

        Assert.Equal((12, 8, 20), (first.TrialsThisRun, second.TrialsThisRun, second.Trials.Count));
        Assert.Equal(20, second.Trials.Select(t => t.Key).Distinct().Count());
        Assert.True(second.BestScore <= first.BestScore);
        Assert.Equal(first.Trials.Select(t => t.Key), second.Trials.Take(12).Select(t => t.Key));
    }

    [Fact]
    public async Task Interleaved_study_views_never_hold_a_hole_never_go_backwards_and_end_equal_to_the_storage()
    {
        string name = UniqueName("views");
        var space = Spaces.Flat(3, 6); // 216 configs
        var views = new List<Study>();
        foreach (var handle in new[] { Storage, Another(), Another() })
        {
            views.Add(await Study.OpenAsync(handle, name, new ConditionalSpaceResolver(space), Direction.Minimize));
        }

        var violations = new System.Collections.Concurrent.ConcurrentQueue<string>();
        int created = 0;
        await Task.WhenAll(views.Select((view, v) => Task.Run(async () =>
        {
            var random = new Random(v);
            IReadOnlyList<TrialRecord> before = view.Trials;
            double? bestBefore = null;
            for (int k = 0; k < 20; k++)
            {
                await view.RefreshAsync();
                Candidate candidate;
                do
                {
                    var genome = space.Sample(random);
                    candidate = new Candidate(genome, space.GetActive(genome), space.KeyOf(genome));
                }
                while (view.IsTaken(candidate.Key));

                var reservation = await view.ReserveAsync(candidate, $"view-{v}", null, TimeSpan.FromMinutes(1), CancellationToken.None);
                if (reservation.Status == ReservationStatus.Created)
                {
                    Interlocked.Increment(ref created);
                    int number = reservation.Trial!.Number;
                    if (view.GetTrial(number)?.State != TrialState.Running)
                    {
                        violations.Enqueue($"view {v} does not show its own reservation #{number}");
                    }

                    await view.ReportAsync(number, new IntermediateValue(1, k), CancellationToken.None);
                    var finish = await view.FinishAsync(number, TrialOutcome.Complete(random.NextDouble(), null, DateTimeOffset.UtcNow), DateTimeOffset.UtcNow.AddMinutes(1));
                    if (!finish.Accepted || view.GetTrial(number)?.State != TrialState.Complete)
                    {
                        violations.Enqueue($"view {v} does not show its own finish of #{number}");
                    }
                }

                var now = view.Trials;
                if (now.Any(t => t is null))
                {
                    violations.Enqueue($"view {v} holds a null");
                }

                if (now.Count < before.Count || before.Any(t => Rank(now[t.Number].State) < Rank(t.State)))
                {
                    violations.Enqueue($"view {v} went backwards");
                }

                if (bestBefore is { } b && view.BestTrial!.Score > b)
                {
                    violations.Enqueue($"view {v}'s best got worse");
                }

                before = now;
                bestBefore = view.BestTrial?.Score;
            }
        })));

        Assert.Empty(violations);
        var truth = await Storage.GetTrialsAsync(views[0].Info.Id);
        Assert.Equal(created, truth.Count);
        Assert.All(truth, t => Assert.Equal(TrialState.Complete, t.State));
        foreach (var view in views)
        {
            await view.RefreshAsync();
            Assert.Equal(truth.Select(t => (t.Number, t.Key, t.State, t.Score)), view.Trials.Select(t => (t.Number, t.Key.ToString(), t.State, t.Score)));
            Assert.Equal(truth.Where(t => t.Score is not null).MinBy(t => t.Score)!.Number, view.BestTrial!.Number);
        }

        static int Rank(TrialState state) => state == TrialState.Running ? 0 : 1;
    }
}

public sealed class InMemoryStorageConformanceTests : StudyStorageConformance
{
    protected override Task<IStudyStorage> CreateStorageAsync() => Task.FromResult<IStudyStorage>(new InMemoryStudyStorage());

    protected override IStudyStorage OpenAnother(IStudyStorage storage) => storage;
}

public sealed class SqliteStorageConformanceTests : StudyStorageConformance, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-sqlite-").FullName;

    private string PathOfDb => Path.Combine(_folder, "nested", "study.db");

    protected override Task<IStudyStorage> CreateStorageAsync() => Task.FromResult<IStudyStorage>(new SqliteStudyStorage(PathOfDb));

    protected override IStudyStorage OpenAnother(IStudyStorage storage) => new SqliteStudyStorage(PathOfDb);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class PostgresStorageConformanceTests : StudyStorageConformance
{
    protected override Task<IStudyStorage> CreateStorageAsync() => Task.FromResult<IStudyStorage>(PostgresStudyStorage.Open(TestPostgres.ConnectionString));

    protected override IStudyStorage OpenAnother(IStudyStorage storage) => PostgresStudyStorage.Open(TestPostgres.ConnectionString);
}
