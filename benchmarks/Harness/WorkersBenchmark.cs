using System.Diagnostics;
using System.Globalization;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// Throughput with many worker processes on one PostgreSQL study: N processes (this harness, <c>worker-child</c>)
/// each run trials of a fixed length until the study has N × trials-per-worker; trials per second is read from the
/// stored start and finish times and compared with the ideal (N / trial length).
/// </summary>
/// <remarks>
/// <c>workers [--workers 1,8,32] [--trial-ms 200] [--trials-per-worker 25]</c>, on the database of SMT_TEST_POSTGRES
/// (each process keeps one or two connections: the server's max_connections must exceed twice the largest N).
/// </remarks>
internal static class WorkersBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        string location = Environment.GetEnvironmentVariable("SMT_TEST_POSTGRES") is { Length: > 0 } given
            ? given
            : throw new InvalidOperationException("Set SMT_TEST_POSTGRES to a PostgreSQL connection string (source eng/postgres.sh).");
        var counts = Option(args, "--workers", "1,8,32").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        int trialMs = int.Parse(Option(args, "--trial-ms", "200"), CultureInfo.InvariantCulture);
        int perWorker = int.Parse(Option(args, "--trials-per-worker", "25"), CultureInfo.InvariantCulture);

        output.WriteLine($"workers: trials of {trialMs} ms, {perWorker} per worker; {Environment.ProcessorCount} cores");
        output.WriteLine("| workers | trials | failed | duplicate keys | first start to last finish | trials/s | ideal | of ideal | while all ran: trials/s | of ideal | processes started to ended |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int n in counts)
        {
            string study = $"workers-{n}-{Guid.NewGuid():N}";
            int total = n * perWorker;
            var clock = Stopwatch.StartNew();
            var processes = Enumerable.Range(0, n).Select(_ => StartChild(study, total, trialMs)).ToList();
            foreach (var process in processes)
            {
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    output.WriteLine($"(a worker exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()})");
                }

                process.Dispose();
            }

            double processSeconds = clock.Elapsed.TotalSeconds;
            await using var storage = PostgresStudyStorage.Open(location);
            var info = await storage.FindStudyAsync(study) ?? throw new InvalidOperationException($"No worker created study {study}.");
            var trials = await storage.GetTrialsAsync(info.Id);
            await storage.DeleteStudyAsync(study);

            var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
            double ideal = n * 1000.0 / trialMs;
            var first = complete.Min(t => t.StartedAt);
            var last = complete.Max(t => t.FinishedAt!.Value);
            double span = (last - first).TotalSeconds;
            double rate = complete.Count / span;

            // The stretch when every worker was running trials: from the last worker's first start to the first worker's last finish.
            var byWorker = complete.GroupBy(t => t.WorkerId).ToList();
            var allStarted = byWorker.Max(w => w.Min(t => t.StartedAt));
            var firstDone = byWorker.Min(w => w.Max(t => t.FinishedAt!.Value));
            string steady = "", steadyShare = "";
            if (firstDone - allStarted > TimeSpan.FromMilliseconds(4 * trialMs))
            {
                double steadyRate = complete.Count(t => t.FinishedAt > allStarted && t.FinishedAt <= firstDone) / (firstDone - allStarted).TotalSeconds;
                steady = steadyRate.ToString("0.0", CultureInfo.InvariantCulture);
                steadyShare = (steadyRate / ideal).ToString("P0", CultureInfo.InvariantCulture);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {trials.Count} | {trials.Count(t => t.State == TrialState.Failed)} | {trials.Count - trials.Select(t => t.Key).Distinct().Count()} | {span:0.0} s | {rate:0.0} | {ideal:0} | {rate / ideal:P0} | {steady} | {steadyShare} | {processSeconds:0.0} s |"));
        }

        return 0;
    }

    /// <summary>One worker process's search: <c>worker-child STUDY MAX_TRIALS TRIAL_MS</c>.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        await using var storage = PostgresStudyStorage.Open(Environment.GetEnvironmentVariable("SMT_TEST_POSTGRES")!);
        int trialMs = int.Parse(args[3], CultureInfo.InvariantCulture);
        var tuner = new Tuner<SyntheticConfig>(new TunerOptions
        {
            Storage = storage,
            StudyName = args[1],
            MaxTrials = int.Parse(args[2], CultureInfo.InvariantCulture),
        });
        await tuner.SearchAsync(async (config, trial) =>
        {
            await Task.Delay(trialMs, trial.CancellationToken);
            return config.TrueLoss();
        });
        return 0;
    }

    private static Process StartChild(string study, int total, int trialMs)
    {
        // Run the same harness again, whether started as `dotnet Harness.dll` or as its apphost.
        string host = Environment.ProcessPath!;
        var info = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(WorkersBenchmark).Assembly.Location);
        }

        foreach (var arg in new[] { "worker-child", study, total.ToString(CultureInfo.InvariantCulture), trialMs.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
