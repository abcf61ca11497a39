using System.Diagnostics;
using System.Runtime.InteropServices;
using Npgsql;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using static StochasticMutatorTuner.Tests.Support.WorkerRuns;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>
/// Many worker processes on one study, with faults: pruners reading each other's reports, a database restart, a
/// frozen worker, a startup storm, workers of two versions of the space. Every test asserts on what each worker's
/// own view held, not only on what the database holds.
/// </summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class WorkerFaultTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-faults-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string, string> StoragesAndPruners => new()
    {
        { "sqlite", "median" },
        { "sqlite", "halving" },
        { "postgres", "median" },
        { "postgres", "halving" },
    };

    public static TheoryData<string> Storages => new() { "sqlite", "postgres" };

    private string Location(string kind) => kind == "sqlite" ? Path.Combine(_folder, "shared.db") : TestPostgres.ConnectionString;

    [Theory]
    [MemberData(nameof(StoragesAndPruners))]
    public async Task Workers_with_a_pruner_see_every_trial_and_the_one_that_finished_last_reports_the_stored_best(string kind, string pruner)
    {
        string location = Location(kind);
        string study = $"prune-{pruner}-{Guid.NewGuid():N}";
        var processes = Enumerable.Range(0, 4)
            .Select(_ => TestWorkerProcess.Start("worker", location, study, "40", "40", "--config", "worker", "--epochs", "4", "--pruner", pruner))
            .ToList();
        var reports = await WaitInExitOrderAsync(processes);

        var stored = await ReadTrialsAsync(location, study);
        Assert.Equal(40, stored.Count);
        Assert.Equal(0, stored.Count(t => t.State == TrialState.Failed));
        Assert.Equal(0, stored.Count(t => t.State == TrialState.Running));
        Assert.True(stored.Any(t => t.State == TrialState.Pruned), "the pruner should have stopped some trials");
        Assert.All(reports, r => Assert.Equal((40, 0, 0), (r.Trials, r.Nulls, r.Failed)));
        // The worker that recorded the study's last result refreshed after every other result was stored, so its
        // view holds them all and its best is the stored best. (Not "the last process to exit": a worker whose final
        // refresh came earlier can take longer to exit.)
        var best = stored.Where(t => t.Score is not null).OrderBy(t => t.Score).ThenBy(t => t.Number).First();
        Assert.Contains(reports, r => r.BestNumber == best.Number);
        Assert.All(reports, r => Assert.Equal((TrialState.Complete, r.BestScore), (stored.Single(t => t.Number == r.BestNumber).State, stored.Single(t => t.Number == r.BestNumber).Score!.Value))); // each view's best is a stored result, as stored
    }

    [Theory]
    [InlineData("restart")]
    [InlineData("stop for 5 s")]
    public async Task A_postgres_restart_in_the_middle_of_a_study_ends_every_worker_normally_and_loses_nothing(string fault)
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        string study = $"restart-{Guid.NewGuid():N}";
        var processes = Enumerable.Range(0, 6)
            .Select(_ => TestWorkerProcess.Start("worker", server.ConnectionString, study, "60", "100", "--config", "worker", "--epochs", "2", "--stale-ms", "20000"))
            .ToList();
        var reports = WaitInExitOrderAsync(processes);

        await WaitUntilAsync(async () => (await ReadTrialsAsync(server.ConnectionString, study)).Count(t => t.State == TrialState.Complete) >= 12);
        if (fault == "restart")
        {
            await server.RestartAsync();
        }
        else
        {
            await server.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await server.StartServerAsync();
        }

        Assert.All(await reports, r => Assert.Equal("MaxTrialsReached", r.StopReason));
        var stored = await ReadTrialsAsync(server.ConnectionString, study);
        Assert.Equal(60, stored.Count(t => t.State == TrialState.Complete));
        Assert.Equal(60, stored.Count);
        Assert.Equal(0, stored.Count(t => t.State == TrialState.Running));
    }

    [Fact]
    public async Task A_frozen_worker_holding_a_write_does_not_stop_the_others_and_ends_cleanly_when_it_resumes()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        string study = $"frozen-{Guid.NewGuid():N}";
        using var frozen = TestWorkerProcess.Start("worker", server.ConnectionString + ";Application Name=frozen", study, "150", "500",
            "--config", "worker", "--epochs", "10", "--concurrency", "2", "--started");
        var frozenOutput = new System.Text.StringBuilder();
        string? line;
        while ((line = await frozen.StandardOutput.ReadLineAsync()) is not null && line != "started 1")
        {
            frozenOutput.AppendLine(line);
        }

        var others = Enumerable.Range(0, 3)
            .Select(_ => TestWorkerProcess.Start("worker", server.ConnectionString, study, "150", "100", "--config", "worker", "--epochs", "2"))
            .ToList();

        // Freeze it at a moment when it has a write transaction open (it reports every 50 ms, and reserves).
        bool holding = false;
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            for (int attempt = 0; attempt < 2000 && !holding; attempt++)
            {
                Signal(frozen.Id, SigStop);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'frozen' AND backend_xid IS NOT NULL", admin);
                holding = (long)(await command.ExecuteScalarAsync())! > 0;
                if (!holding)
                {
                    Signal(frozen.Id, SigCont);
                    await Task.Delay(Random.Shared.Next(1, 15));
                }
            }
        }

        Assert.True(holding, "the worker should have been frozen inside a write transaction");
        var reports = await WaitInExitOrderAsync(others); // they finish the study while it is frozen
        Assert.All(reports, r => Assert.Equal(0, r.Nulls));

        Signal(frozen.Id, SigCont);
        var rest = await frozen.StandardOutput.ReadToEndAsync();
        var error = await frozen.StandardError.ReadToEndAsync();
        await frozen.WaitForExitAsync();
        Assert.True(frozen.ExitCode == 0, $"the resumed worker exited with {frozen.ExitCode}: {error}");
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
        Assert.Contains("done ", rest, StringComparison.Ordinal);

        var stored = await ReadTrialsAsync(server.ConnectionString, study);
        Assert.Equal(150, stored.Count(t => t.State == TrialState.Complete));
        Assert.Equal(0, stored.Count(t => t.State == TrialState.Running));
        Assert.All(stored.Where(t => t.State == TrialState.Failed), t => Assert.Equal(TrialFailureKind.Stale, t.FailureKind));
    }

    [Fact]
    public async Task Sixty_four_workers_started_at_once_on_postgres_all_finish()
    {
        await using var server = await ThrowawayPostgres.StartAsync(maxConnections: 200);
        string study = $"storm-{Guid.NewGuid():N}";
        var processes = Enumerable.Range(0, 64)
            .Select(_ => TestWorkerProcess.Start("worker", server.ConnectionString, study, "128", "20", "--config", "worker", "--stale-ms", "30000"))
            .ToList();
        var reports = await WaitInExitOrderAsync(processes);

        Assert.All(reports, r => Assert.Equal((128, 0), (r.Trials, r.Nulls)));
        var stored = await ReadTrialsAsync(server.ConnectionString, study);
        Assert.Equal(128, stored.Count(t => t.State == TrialState.Complete));
        Assert.Equal(128, stored.Select(t => t.Key).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_worker_of_an_older_space_beside_a_worker_of_a_newer_one_both_finish_with_every_trial(string kind)
    {
        string location = Location(kind);
        string study = $"versions-{Guid.NewGuid():N}";
        using var older = TestWorkerProcess.Start("worker", location, study, "60", "40", "--config", "worker", "--started");
        var olderOutput = new System.Text.StringBuilder();
        string? line;
        while ((line = await older.StandardOutput.ReadLineAsync()) is not null && line != "started 2")
        {
            olderOutput.AppendLine(line);
        }

        var newer = TestWorkerProcess.RunAsync("worker", location, study, "60", "40", "--config", "wide");
        olderOutput.Append(await older.StandardOutput.ReadToEndAsync());
        await older.WaitForExitAsync();
        Assert.True(older.ExitCode == 0, $"the older worker exited with {older.ExitCode}: {await older.StandardError.ReadToEndAsync()}");
        var oldReport = WorkerReport.Parse(olderOutput.ToString());
        var newReport = WorkerReport.Parse(await newer);

        var stored = await ReadTrialsAsync(location, study);
        int gelu = stored.Count(t => t.Params.Any(p => p.Key == "Act" && p.Value == "gelu"));
        Assert.True(gelu > 0, "the newer worker should have tried its new value");
        Assert.Equal((stored.Count, 0, gelu), (oldReport.Trials, oldReport.Nulls, oldReport.Foreign));
        Assert.Equal((stored.Count, 0, 0), (newReport.Trials, newReport.Nulls, newReport.Foreign));
        Assert.DoesNotContain(stored[oldReport.BestNumber].Params, p => p.Value == "gelu");
        Assert.Equal(60, stored.Count(t => t.State == TrialState.Complete));
    }

    private const int SigStop = 19;
    private const int SigCont = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static void Signal(int pid, int signal) => Assert.Equal(0, Kill(pid, signal));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        while (!await condition())
        {
            await Task.Delay(100);
        }
    }
}
