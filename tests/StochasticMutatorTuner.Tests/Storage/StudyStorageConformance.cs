using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>
/// The contract every <see cref="IStudyStorage"/> keeps. Each implementation's test class derives from this and
/// runs every test against a real instance (in-memory, a real SQLite file, a real PostgreSQL server).
/// </summary>
public abstract class StudyStorageConformance : IAsyncLifetime
{
    private IStudyStorage? _storage;

    protected IStudyStorage Storage => _storage ?? throw new InvalidOperationException("not initialized");

    /// <summary>A storage with no studies of the names these tests use.</summary>
    protected abstract Task<IStudyStorage> CreateStorageAsync();

    public async Task InitializeAsync() => _storage = await CreateStorageAsync();

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }

    protected static string UniqueName(string prefix = "study") => $"{prefix}-{Guid.NewGuid():N}";

    protected static StudyDefinition Definition(string name, Direction direction = Direction.Minimize) => new(name, direction, "fp1", "{\"parameters\":[]}");

    protected static TrialReservation Reservation(string key, int? maxTrials = null, params (string Name, string Value)[] values) =>
        new(key, values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)).ToArray(), "worker-1", DateTimeOffset.UtcNow, maxTrials);

    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    protected static TrialOutcome Complete(double? score, IReadOnlyDictionary<string, double>? metrics = null) =>
        new(TrialState.Complete, score, metrics ?? NoMetrics, null, DateTimeOffset.UtcNow);

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
    public async Task Of_concurrent_reservations_of_one_key_exactly_one_creates_the_trial()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Storage.ReserveTrialAsync(study.Id, Reservation("same")).AsTask()));

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
        Assert.True(finished.Revision > trial.Revision);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Storage.FinishTrialAsync(study.Id, trial.Number, Complete(0.1)).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Storage.FinishTrialAsync(study.Id, 99, Complete(0.1)).AsTask());
        Assert.Equal(0.25, (await Storage.GetTrialsAsync(study.Id)).Single().Score);
    }

    [Fact]
    public async Task Non_finite_scores_are_stored_as_no_score_and_failures_keep_their_error()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var nan = (await Storage.ReserveTrialAsync(study.Id, Reservation("nan"))).Trial!;
        var failed = (await Storage.ReserveTrialAsync(study.Id, Reservation("failed"))).Trial!;
        var pruned = (await Storage.ReserveTrialAsync(study.Id, Reservation("pruned"))).Trial!;

        Assert.Null((await Storage.FinishTrialAsync(study.Id, nan.Number, Complete(double.NaN))).Score);
        var f = await Storage.FinishTrialAsync(study.Id, failed.Number, new TrialOutcome(TrialState.Failed, 1.0, new Dictionary<string, double>(), "InvalidOperationException: boom", DateTimeOffset.UtcNow));
        Assert.Equal((TrialState.Failed, (double?)null, "InvalidOperationException: boom"), (f.State, f.Score, f.Error));
        var p = await Storage.FinishTrialAsync(study.Id, pruned.Number, new TrialOutcome(TrialState.Pruned, null, new Dictionary<string, double>(), "pruned at step 3", DateTimeOffset.UtcNow));
        Assert.Equal(TrialState.Pruned, p.State);
    }

    [Fact]
    public async Task Intermediate_values_are_appended_in_order_and_only_to_running_trials()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var trial = (await Storage.ReserveTrialAsync(study.Id, Reservation("k"))).Trial!;
        for (int step = 1; step <= 5; step++)
        {
            await Storage.ReportIntermediateAsync(study.Id, trial.Number, new IntermediateValue(step, 1.0 / step), DateTimeOffset.UtcNow);
        }

        var stored = (await Storage.GetTrialsAsync(study.Id)).Single();
        Assert.Equal(Enumerable.Range(1, 5).Select(s => new IntermediateValue(s, 1.0 / s)), stored.IntermediateValues);

        await Storage.FinishTrialAsync(study.Id, trial.Number, Complete(0.2));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Storage.ReportIntermediateAsync(study.Id, trial.Number, new IntermediateValue(6, 0), DateTimeOffset.UtcNow).AsTask());
        Assert.Equal(5, (await Storage.GetTrialsAsync(study.Id)).Single().IntermediateValues.Count);
    }

    [Fact]
    public async Task Fetching_since_a_revision_returns_only_what_changed()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var a = (await Storage.ReserveTrialAsync(study.Id, Reservation("a"))).Trial!;
        var b = (await Storage.ReserveTrialAsync(study.Id, Reservation("b"))).Trial!;
        long seen = (await Storage.GetTrialsAsync(study.Id)).Max(t => t.Revision);

        await Storage.FinishTrialAsync(study.Id, a.Number, Complete(1));
        var changed = await Storage.GetTrialsAsync(study.Id, seen);

        Assert.Equal(new[] { a.Number }, changed.Select(t => t.Number));
        Assert.Equal(TrialState.Complete, changed[0].State);
        Assert.Empty(await Storage.GetTrialsAsync(study.Id, changed.Max(t => t.Revision)));
        Assert.Equal(TrialState.Running, (await Storage.GetTrialsAsync(study.Id)).Single(t => t.Number == b.Number).State);
    }

    [Fact]
    public async Task Running_trials_without_a_recent_heartbeat_are_failed_as_stale_and_the_rest_is_untouched()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var old = DateTimeOffset.UtcNow.AddMinutes(-10);
        var stale = (await Storage.ReserveTrialAsync(study.Id, new TrialReservation("stale", Array.Empty<KeyValuePair<string, string>>(), "dead", old))).Trial!;
        var alive = (await Storage.ReserveTrialAsync(study.Id, new TrialReservation("alive", Array.Empty<KeyValuePair<string, string>>(), "w", old))).Trial!;
        var done = (await Storage.ReserveTrialAsync(study.Id, new TrialReservation("done", Array.Empty<KeyValuePair<string, string>>(), "w", old))).Trial!;
        await Storage.FinishTrialAsync(study.Id, done.Number, Complete(3));
        await Storage.HeartbeatAsync(study.Id, alive.Number, DateTimeOffset.UtcNow);

        int marked = await Storage.FailStaleTrialsAsync(study.Id, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        Assert.Equal(1, marked);
        var trials = await Storage.GetTrialsAsync(study.Id);
        var s = trials.Single(t => t.Number == stale.Number);
        Assert.Equal(TrialState.Failed, s.State);
        Assert.StartsWith("stale: no heartbeat since", s.Error);
        Assert.Equal(TrialState.Running, trials.Single(t => t.Number == alive.Number).State);
        Assert.Equal((TrialState.Complete, 3.0), (trials.Single(t => t.Number == done.Number).State, trials.Single(t => t.Number == done.Number).Score!.Value));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Storage.FinishTrialAsync(study.Id, stale.Number, Complete(1)).AsTask());
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
        var first = await new Tuner<Support.SmallConfig>(options).SearchAsync((c, _) => c.Loss());
        options.MaxTrials = 20;
        var second = await new Tuner<Support.SmallConfig>(options).SearchAsync((c, _) => c.Loss());

        Assert.Equal((12, 8, 20), (first.TrialsThisRun, second.TrialsThisRun, second.Trials.Count));
        Assert.Equal(20, second.Trials.Select(t => t.Key).Distinct().Count());
        Assert.True(second.BestScore <= first.BestScore);
        Assert.Equal(first.Trials.Select(t => t.Key), second.Trials.Take(12).Select(t => t.Key));
    }
}

public sealed class InMemoryStorageConformanceTests : StudyStorageConformance
{
    protected override Task<IStudyStorage> CreateStorageAsync() => Task.FromResult<IStudyStorage>(new InMemoryStudyStorage());
}

public sealed class SqliteStorageConformanceTests : StudyStorageConformance, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-sqlite-").FullName;

    protected override Task<IStudyStorage> CreateStorageAsync() => Task.FromResult<IStudyStorage>(new SqliteStudyStorage(Path.Combine(_folder, "nested", "study.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class PostgresStorageConformanceTests : StudyStorageConformance
{
    protected override Task<IStudyStorage> CreateStorageAsync() => Task.FromResult<IStudyStorage>(PostgresStudyStorage.Open(Support.TestPostgres.ConnectionString));
}
