using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>
/// SQLite commits without an fsync and syncs its write-ahead log behind the writer (<see cref="DeferredFileSync"/>):
/// a flush must cover every request made before it, requests must coalesce, a failure must reach the one who
/// flushes, and a search must flush before it returns.
/// </summary>
public sealed class DeferredSyncTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-sync-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_flush_with_nothing_requested_syncs_nothing()
    {
        int syncs = 0;
        var sync = new DeferredFileSync("x-wal", () => Interlocked.Increment(ref syncs));

        await sync.FlushAsync();

        Assert.Equal(0, syncs);
    }

    [Fact]
    public async Task A_flush_waits_for_a_sync_that_began_after_the_last_request_before_it()
    {
        using var disk = new SlowFirstSync();
        var sync = new DeferredFileSync("x-wal", disk.Sync);

        sync.Request();
        Assert.True(disk.FirstStarted.Wait(TimeSpan.FromSeconds(30)));
        sync.Request(); // written after the running sync began: that sync does not cover it
        var flush = sync.FlushAsync();
        Assert.False(flush.IsCompleted);

        disk.Release.Set();
        await flush.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, disk.Syncs); // the flush returned only after a second sync
    }

    [Fact]
    public async Task Requests_made_during_one_sync_are_served_by_one_more_sync()
    {
        using var disk = new SlowFirstSync();
        var sync = new DeferredFileSync("x-wal", disk.Sync);

        sync.Request();
        Assert.True(disk.FirstStarted.Wait(TimeSpan.FromSeconds(30)));
        for (int i = 0; i < 50; i++)
        {
            sync.Request();
        }

        disk.Release.Set();
        await sync.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, disk.Syncs);
        Assert.Equal(2, sync.Completed);
    }

    [Fact]
    public async Task A_failed_sync_reaches_the_flush_with_the_file_named_and_later_syncs_work_again()
    {
        bool fail = true;
        var path = Path.Combine(_folder, "study.db-wal");
        var sync = new DeferredFileSync(path, () =>
        {
            if (fail)
            {
                throw new IOException("Input/output error");
            }
        });

        sync.Request();
        var error = await Assert.ThrowsAsync<StudyStorageException>(() => sync.FlushAsync());

        Assert.Contains(path, error.Message);
        Assert.Contains("Input/output error", error.Message);
        Assert.False(error.IsTransient);
        fail = false;
        sync.Request();
        await sync.FlushAsync(); // reported once; a good sync afterwards flushes cleanly
    }

    [Fact]
    public async Task A_real_log_file_is_synced_and_a_missing_one_is_nothing_to_sync()
    {
        var path = Path.Combine(_folder, "real.db-wal");
        await File.WriteAllTextAsync(path, "frames");
        var real = new DeferredFileSync(path);
        var missing = new DeferredFileSync(Path.Combine(_folder, "none.db-wal"));

        real.Request();
        missing.Request();
        await real.FlushAsync();
        await missing.FlushAsync();

        Assert.Equal((1, 1), (real.Completed, missing.Completed));
        Assert.Equal("frames", await File.ReadAllTextAsync(path)); // synced, never changed
    }

    [Fact]
    public async Task A_finished_trial_on_sqlite_asks_for_a_sync_and_the_storage_flushes_it()
    {
        var path = Path.Combine(_folder, "study.db");
        await using var storage = new SqliteStudyStorage(path);
        var info = await storage.CreateOrOpenStudyAsync(new StudyDefinition("s", Direction.Minimize, "fp", "{}"));
        var reservation = await storage.ReserveTrialAsync(info.Id, new TrialReservation("k", [], "w", DateTimeOffset.UtcNow, null));
        await storage.FlushAsync();
        int before = storage.WalSync.Completed;

        await storage.FinishTrialAsync(info.Id, reservation.Trial!.Number, TrialOutcome.Complete(1.5, null, DateTimeOffset.UtcNow));
        await storage.FlushAsync();

        Assert.True(storage.WalSync.Completed > before, "the finish asked for no sync of the write-ahead log");
        Assert.True(File.Exists(path + "-wal"));
    }

    [Fact]
    public async Task A_search_flushes_its_storage_after_its_last_result_and_before_it_returns()
    {
        await using var storage = new CallRecordingStorage(new InMemoryStudyStorage());
        var result = await new Tuner<SmallConfig>(new TunerOptions { Storage = storage, StudyName = "flush", MaxTrials = 5, Seed = 3 })
            .SearchAsync((c, _) => c.Loss());

        Assert.Equal(5, result.Trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal("finish", storage.Calls[^2]); // the last finish, then the flush (and nothing written after it)
        Assert.Equal("flush", storage.Calls[^1]);
    }

    /// <summary>A disk whose first sync blocks until the test releases it; counts the syncs.</summary>
    private sealed class SlowFirstSync : IDisposable
    {
        private int _syncs;

        public ManualResetEventSlim FirstStarted { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public int Syncs => Volatile.Read(ref _syncs);

        public void Sync()
        {
            if (Interlocked.Increment(ref _syncs) == 1)
            {
                FirstStarted.Set();
                Release.Wait(); // the disk is slow: the first sync is still under way
            }
        }

        public void Dispose()
        {
            FirstStarted.Dispose();
            Release.Dispose();
        }
    }
}
