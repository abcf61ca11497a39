using System.Globalization;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using static StochasticMutatorTuner.Tests.Support.WorkerRuns;

namespace StochasticMutatorTuner.Tests.Pruning;

/// <summary>
/// Successive halving across worker processes on one study: every decision a worker printed is checked against the
/// stored study — the rung values it saw are the stored ones (every worker's), the rule applied to them gives the
/// decision it took, and no trial another worker finished well before was missing.
/// </summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class PrunerWorkerTests : IDisposable
{
    private const int Epochs = 4; // rungs at steps 1 and 2 (η = 2); 4, the last step, is never judged
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-rungs-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string> Storages => new() { "sqlite", "postgres" };

    private sealed record Decision(int Process, string Worker, int Trial, int Step, bool Pruned, long UnixMs, int Best, int Rung, IReadOnlyList<int> Seen);

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Every_rung_decision_of_every_worker_follows_from_the_stored_reports_of_all_workers(string kind)
    {
        string location = kind == "sqlite" ? Path.Combine(_folder, "rungs.db") : TestPostgres.ConnectionString;
        string study = $"rungs-{Guid.NewGuid():N}";
        var processes = Enumerable.Range(0, 4)
            .Select(_ => TestWorkerProcess.Start("worker", location, study, "60", "400", "--config", "worker", "--epochs", $"{Epochs}", "--pruner", "halving", "--record-pruning"))
            .ToList();
        var reports = await WaitInExitOrderAsync(processes);
        var stored = (await ReadTrialsAsync(location, study)).ToDictionary(t => t.Number);
        var decisions = reports.SelectMany((r, process) => Parse(r.Output, process)).ToList();

        Assert.Equal(60, stored.Count);
        Assert.DoesNotContain(stored.Values, t => t.State is TrialState.Failed or TrialState.Running);
        var pruned = stored.Values.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.DoesNotContain(decisions, d => d.Step >= Epochs); // never asked at the last step

        // Each pruned trial was pruned at a rung, by one decision of its own worker.
        foreach (var t in pruned)
        {
            var decision = Assert.Single(decisions, d => d.Trial == t.Number && d.Pruned);
            Assert.Equal((t.PrunedStep, decision.Step), (decision.Step, decision.Rung));
        }

        // A process judges only its own trials: one worker id per process, four in all.
        var workers = decisions.GroupBy(d => d.Process).Select(g => Assert.Single(g.Select(d => d.Worker).Distinct())).ToList();
        Assert.Equal(4, workers.Distinct().Count());

        int freshnessChecks = 0;
        foreach (var d in decisions.Where(d => d.Rung > 0))
        {
            double own = stored[d.Trial].IntermediateValues.Single(v => v.Step == d.Step).Value;
            var seen = d.Seen.Select(n => RungValue(stored[n], d.Rung)).ToList();
            Assert.All(seen, v => Assert.NotNull(v)); // everything it saw is stored, at that rung
            int n = seen.Count + 1;
            int better = seen.Count(v => v < own);
            bool keepsUpWithBest = d.Best >= 0 && d.Best != d.Trial && stored[d.Best].IntermediateValues.FirstOrDefault(v => v.Step == d.Step) is { Step: > 0 } b && own <= b.Value;
            bool expected = n >= 2 && !keepsUpWithBest && better >= Math.Max(1, n / 2);
            Assert.True(expected == d.Pruned, $"trial {d.Trial} at rung {d.Rung}: n = {n}, better = {better}, best #{d.Best}, but pruned = {d.Pruned}");

            // Freshness: a trial another worker finished 1 s before the decision, having reached the rung, was seen.
            var due = stored.Values.Where(t => t.Number != d.Trial && t.FinishedAt is { } f && f.ToUnixTimeMilliseconds() < d.UnixMs - 1000 && RungValue(t, d.Rung) is not null).ToList();
            freshnessChecks += due.Count;
            var missed = due.Where(t => !d.Seen.Contains(t.Number)).Select(t => t.Number).ToList();
            Assert.True(missed.Count == 0, $"trial {d.Trial} at rung {d.Rung} did not see the finished trials {string.Join(", ", missed)}");
        }

        Assert.True(freshnessChecks > 0, "the run should be long enough for decisions to come 1 s after other trials finished");

        // Every worker judged its trials against other workers' reports.
        Assert.All(decisions.GroupBy(d => d.Worker), g => Assert.Contains(g, d => d.Seen.Any(s => stored[s].WorkerId != g.Key)));

        double? RungValue(StoredTrial t, int rung) => t.IntermediateValues.Where(v => v.Step >= rung).Select(v => (double?)v.Value).FirstOrDefault();

        IEnumerable<Decision> Parse(string output, int process)
        {
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("decision ", StringComparison.Ordinal)))
            {
                var f = line.Split(' ');
                int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
                int trial = I(f[1]);
                yield return new Decision(process, stored[trial].WorkerId!, trial, I(f[2]), f[3] == "1", long.Parse(f[4], CultureInfo.InvariantCulture), I(f[5]), I(f[6]),
                    f[7] == "-" ? Array.Empty<int>() : f[7].Split(',').Select(I).ToArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Hyperband_workers_agree_on_every_trial_s_bracket_and_prune_only_at_its_rungs(string kind)
    {
        const int epochs = 9; // two brackets: the first trains every trial to the end, the second has its first rung at 3
        string location = kind == "sqlite" ? Path.Combine(_folder, "brackets.db") : TestPostgres.ConnectionString;
        string study = $"brackets-{Guid.NewGuid():N}";
        var processes = Enumerable.Range(0, 4)
            .Select(_ => TestWorkerProcess.Start("worker", location, study, "60", "90", "--config", "worker", "--epochs", $"{epochs}", "--pruner", "hyperband"))
            .ToList();
        var reports = await WaitInExitOrderAsync(processes);
        var stored = await ReadTrialsAsync(location, study);
        var pruner = new StochasticMutatorTuner.Pruning.HyperbandPruner(); // the workers' settings: a bracket is a function of the trial number

        Assert.Equal(60, stored.Count);
        Assert.All(reports, r => Assert.Equal((60, 0, 0), (r.Trials, r.Nulls, r.Failed))); // every worker's own view holds the whole study
        Assert.DoesNotContain(stored, t => t.State is TrialState.Failed or TrialState.Running);
        var pruned = stored.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t =>
        {
            int bracket = pruner.BracketOf(t.Number);
            int? firstRung = pruner.FirstRung(bracket, epochs);
            Assert.True(firstRung is { } rung && t.PrunedStep >= rung && t.PrunedStep < epochs, $"trial {t.Number} (bracket {bracket}, first rung {firstRung}) was pruned at step {t.PrunedStep}");
        });
        Assert.Contains(stored, t => pruner.FirstRung(pruner.BracketOf(t.Number), epochs) is null); // the cautious bracket had trials, and none was pruned (above)
    }
}
