using System.Diagnostics;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>Several worker processes on one study, and a worker killed with SIGKILL, against real databases.</summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class MultiWorkerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-workers-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string> Storages => new() { "sqlite", "postgres" };

    private string Location(string kind) => kind == "sqlite" ? Path.Combine(_folder, "shared.db") : TestPostgres.ConnectionString;

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Four_worker_processes_share_a_study_without_duplicates_or_losses(string kind)
    {
        string location = Location(kind);
        string study = $"workers-{Guid.NewGuid():N}";
        var outputs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TestWorkerProcess.RunAsync("worker", location, study, "40", "15")));

        var reports = outputs.Select(WorkerReport.Parse).ToList();
        Assert.All(outputs, o => Assert.DoesNotContain("locked", o, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(40, reports.Sum(r => r.TrialsThisRun));
        Assert.All(reports, r => Assert.Equal((40, 0), (r.Trials, r.Nulls))); // every worker's own view holds the whole study

        await using var storage = StudyStorage.Open(location);
        var info = (await storage.FindStudyAsync(study))!;
        var trials = await storage.GetTrialsAsync(info.Id);
        Assert.Equal(40, trials.Count);
        Assert.Equal(40, trials.Select(t => t.Key).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 40), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.True(trials.Select(t => t.WorkerId).Distinct().Count() > 1, "the work should have been shared");
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_worker_killed_mid_trial_leaves_a_stale_trial_that_is_failed_and_the_study_continues(string kind)
    {
        string location = Location(kind);
        string study = $"crash-{Guid.NewGuid():N}";
        using (var doomed = TestWorkerProcess.Start("worker", location, study, "30", "5", "6"))
        {
            string? line;
            while ((line = await doomed.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("hanging", StringComparison.Ordinal))
            {
            }

            Assert.Equal("hanging 6", line);
            doomed.Kill(); // SIGKILL: no cleanup runs
            await doomed.WaitForExitAsync();
        }

        await using (var storage = StudyStorage.Open(location))
        {
            var trials = await storage.GetTrialsAsync((await storage.FindStudyAsync(study))!.Id);
            Assert.Equal(7, trials.Count);
            Assert.All(trials.Take(6), t => Assert.Equal(TrialState.Complete, t.State));
            Assert.Equal(TrialState.Running, trials[6].State);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the worker's 2 s stale timeout
        var output = await TestWorkerProcess.RunAsync("worker", location, study, "30", "5");
        Assert.Contains("done 24 MaxTrialsReached", output); // the stale trial's place in the budget was given back

        await using (var storage = StudyStorage.Open(location))
        {
            var trials = await storage.GetTrialsAsync((await storage.FindStudyAsync(study))!.Id);
            Assert.Equal(31, trials.Count);
            Assert.Equal((TrialState.Failed, TrialFailureKind.Stale), (trials[6].State, trials[6].FailureKind));
            Assert.Equal(30, trials.Count(t => t.State == TrialState.Complete));
            Assert.All(trials, t => Assert.NotEqual(TrialState.Running, t.State));
        }
    }
}
