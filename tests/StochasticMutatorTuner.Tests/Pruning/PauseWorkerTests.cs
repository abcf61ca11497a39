using System.Globalization;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using static StochasticMutatorTuner.Tests.Support.WorkerRuns;

namespace StochasticMutatorTuner.Tests.Pruning;

/// <summary>
/// Pause and promote across worker processes on one study (SQLite file, PostgreSQL server) with one shared artifact
/// folder: each pause is resumed at most once, by any worker, from its checkpoint; every trial's curve is reported
/// once per step and stored without a gap; every worker's view agrees with the storage.
/// </summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class PauseWorkerTests : IDisposable
{
    private const int Trials = 40;
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-promote-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string> Storages => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Four_workers_promote_each_pause_at_most_once_and_every_curve_stays_contiguous(string kind)
    {
        string location = kind == "sqlite" ? Path.Combine(_folder, "promote.db") : TestPostgres.ConnectionString;
        string study = $"promote-{Guid.NewGuid():N}";
        string artifacts = Path.Combine(_folder, "artifacts");
        var processes = Enumerable.Range(0, 4)
            .Select(_ => TestWorkerProcess.Start("resumable-worker", location, study, $"{Trials}", artifacts, "5"))
            .ToList();
        var reports = await WaitInExitOrderAsync(processes);
        var stored = await ReadTrialsAsync(location, study);
        var log = ResumableLog.Parse(reports.Select(r => r.Output));

        Assert.Equal(Trials, stored.Count);
        Assert.DoesNotContain(stored, t => t.State is TrialState.Running or TrialState.Failed);
        Assert.Contains(log.Stops, s => s.Paused);
        Assert.NotEmpty(log.Resumes); // promotions happened (the laws below are about something)

        // Each pause resumed at most once across the workers, from a checkpoint of that step, with the values up to it.
        Assert.Equal(log.Resumes.Count, log.Resumes.Select(r => (r.Trial, r.From)).Distinct().Count());
        Assert.All(log.Resumes, r => Assert.Equal((r.From, r.From), (r.Checkpoint, r.Values)));
        Assert.All(log.Resumes, r => Assert.Contains((r.Trial, r.From, true), log.Stops));

        // Every step trained and reported once in all; each stored curve is 1..last, exactly the reported steps.
        Assert.Equal(log.Reports.Count, log.Reports.Distinct().Count());
        foreach (var t in stored)
        {
            Assert.Equal(Enumerable.Range(1, t.IntermediateValues.Count), t.IntermediateValues.Select(v => v.Step));
            Assert.Equal(log.Reports.Where(r => r.Trial == t.Number).Select(r => r.Step).Order(), t.IntermediateValues.Select(v => v.Step));
            Assert.Equal(t.Paused, t.State == TrialState.Pruned && log.Stops.Any(s => s.Trial == t.Number && s.Step == t.PrunedStep && s.Paused));
        }

        // Checkpoints: kept for the trials still paused, deleted for the others.
        var checkpointFolders = Directory.Exists(artifacts)
            ? Directory.EnumerateFiles(artifacts, "checkpoint", SearchOption.AllDirectories).Select(f => int.Parse(Path.GetFileName(Path.GetDirectoryName(f))!, CultureInfo.InvariantCulture)).Order()
            : Enumerable.Empty<int>();
        Assert.Equal(stored.Where(t => t.Paused).Select(t => t.Number), checkpointFolders);

        // Every worker's final view holds every trial, and every trial it holds in a state that never changes again
        // (complete, or pruned without a pause) in its stored state; the last-step total counts each step once.
        var truth = stored.ToDictionary(t => t.Number);
        foreach (var report in reports)
        {
            var view = Lines(report.Output, "final").Select(f => (Number: I(f[1]), State: f[2], Paused: f[3] == "1", Pruned: I(f[4]), Last: I(f[5]))).ToList();
            Assert.Equal(truth.Keys.Order(), view.Select(v => v.Number));
            foreach (var v in view.Where(v => v.State == nameof(TrialState.Complete) || (v.State == nameof(TrialState.Pruned) && !v.Paused)))
            {
                var t = truth[v.Number];
                Assert.Equal((t.State.ToString(), t.Paused, t.PrunedStep ?? 0, t.IntermediateValues[^1].Step), (v.State, v.Paused, v.Pruned, v.Last));
            }
        }

        long total = long.Parse(Lines(reports[^1].Output, "total").Single()[1], CultureInfo.InvariantCulture);
        Assert.Equal(stored.Sum(t => t.IntermediateValues.Count), log.Reports.Count);
        Assert.True(total <= log.Reports.Count, $"the last worker's total steps {total} exceed the {log.Reports.Count} reported");

        static IEnumerable<string[]> Lines(string output, string tag) =>
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith(tag + " ", StringComparison.Ordinal)).Select(l => l.Split(' '));

        static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    }
}
