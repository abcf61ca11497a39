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
/// <c>workers [--workers 1,8,32] [--trial-ms 200] [--trials-per-worker 100]</c>, on the database of SMT_TEST_POSTGRES
/// (each process keeps one or two connections: the server's max_connections must exceed twice the largest N).
/// Enough trials per worker that starting the processes (each JIT-compiles the engine) does not dominate: the
/// all-running window (from the last worker's first start to the first worker's last finish) and its warm part
/// (once every worker has finished a tenth of its trials) are the steady state.
/// Each child reports its CPU time before its search and in it; the machine's busy CPU over the run (every
/// process: the server's backends, the team's other jobs) comes from /proc/stat.
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
        int perWorker = int.Parse(Option(args, "--trials-per-worker", "100"), CultureInfo.InvariantCulture);

        output.WriteLine($"workers: trials of {trialMs} ms, {perWorker} per worker; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        output.WriteLine("| workers | trials | failed | duplicate keys | first start to last finish | trials/s | ideal | of ideal | while all ran: trials/s | of ideal | all warm: trials/s | of ideal | processes started to ended | worker CPU ms per trial (s per worker before its search) | worker CPU ms per trial after its first quarter | machine busy CPU ms per trial | load after |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int n in counts)
        {
            string study = $"workers-{n}-{Guid.NewGuid():N}";
            int total = n * perWorker;
            long busyBefore = BusyJiffies();
            var clock = Stopwatch.StartNew();
            var processes = Enumerable.Range(0, n).Select(_ => StartChild(study, total, trialMs, perWorker)).ToList();
            double startupCpu = 0, searchCpu = 0, warmCpuPerTrial = 0;
            int warmReports = 0;
            foreach (var process in processes)
            {
                var report = process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    output.WriteLine($"(a worker exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()})");
                }
                else if ((await report).Split(' ') is [var startup, var search, var warmPerTrial, ..])
                {
                    startupCpu += double.Parse(startup, CultureInfo.InvariantCulture);
                    searchCpu += double.Parse(search, CultureInfo.InvariantCulture);
                    if (warmPerTrial != "-")
                    {
                        warmCpuPerTrial += double.Parse(warmPerTrial, CultureInfo.InvariantCulture);
                        warmReports++;
                    }
                }

                process.Dispose();
            }

            double processSeconds = clock.Elapsed.TotalSeconds;
            double busySeconds = (BusyJiffies() - busyBefore) / 100.0; // USER_HZ
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

            // The stretch when every worker was running trials: from the last worker's first start to the first worker's
            // last finish; and its warm part, from when every worker had finished a tenth of its trials (a process
            // JIT-compiles and re-compiles the engine's hot code in its first seconds, and 32 of them at once fill
            // both cores with it).
            var byWorker = complete.GroupBy(t => t.WorkerId).Select(w => w.OrderBy(t => t.StartedAt).ToList()).ToList();
            var firstDone = byWorker.Min(w => w.Max(t => t.FinishedAt!.Value));
            var (steady, steadyShare) = Window(complete, byWorker.Max(w => w[0].StartedAt), firstDone, trialMs, ideal);
            var (warm, warmShare) = Window(complete, byWorker.Max(w => w[Math.Min(w.Count - 1, w.Count / 10)].FinishedAt!.Value), firstDone, trialMs, ideal);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {trials.Count} | {trials.Count(t => t.State == TrialState.Failed)} | {trials.Count - trials.Select(t => t.Key).Distinct().Count()} | {span:0.0} s | {rate:0.0} | {ideal:0} | {rate / ideal:P0} | {steady} | {steadyShare} | {warm} | {warmShare} | {processSeconds:0.0} s | {searchCpu * 1000 / trials.Count:0.0} ({startupCpu / n:0.0} s) | {(warmReports > 0 ? (warmCpuPerTrial / warmReports).ToString("0.0", CultureInfo.InvariantCulture) : "")} | {busySeconds * 1000 / trials.Count:0.0} | {LoadAverage()} |"));
        }

        return 0;
    }

    /// <summary>
    /// One worker process's search: <c>worker-child STUDY MAX_TRIALS TRIAL_MS PER_WORKER</c>. Writes its CPU seconds before
    /// the search and in it, and its CPU milliseconds per trial after its first quarter of PER_WORKER trials (once the
    /// JIT has compiled the hot code), or "-" when it ran too few.
    /// </summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        await using var storage = PostgresStudyStorage.Open(Environment.GetEnvironmentVariable("SMT_TEST_POSTGRES")!);
        int trialMs = int.Parse(args[3], CultureInfo.InvariantCulture);
        int warmFrom = int.Parse(args[4], CultureInfo.InvariantCulture) / 4;
        int ran = 0;
        double warmCpu = 0;
        var startup = CpuSeconds();
        var tuner = new Tuner<SyntheticConfig>(new TunerOptions
        {
            Storage = storage,
            StudyName = args[1],
            MaxTrials = int.Parse(args[2], CultureInfo.InvariantCulture),
        });
        await tuner.SearchAsync(async (config, trial) =>
        {
            if (Interlocked.Increment(ref ran) == warmFrom + 1)
            {
                warmCpu = CpuSeconds();
            }

            await Task.Delay(trialMs, trial.CancellationToken);
            return config.TrueLoss();
        });
        double end = CpuSeconds();
        string warm = ran > warmFrom + 1 ? ((end - warmCpu) * 1000 / (ran - warmFrom)).ToString("0.00", CultureInfo.InvariantCulture) : "-";
        Console.Out.Write(string.Create(CultureInfo.InvariantCulture, $"{startup:0.000} {end - startup:0.000} {warm}"));
        return 0;
    }

    private static Process StartChild(string study, int total, int trialMs, int perWorker)
    {
        // Run the same harness again, whether started as `dotnet Harness.dll` or as its apphost.
        string host = Environment.ProcessPath!;
        var info = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(WorkersBenchmark).Assembly.Location);
        }

        foreach (var arg in new[] { "worker-child", study, total.ToString(CultureInfo.InvariantCulture), trialMs.ToString(CultureInfo.InvariantCulture), perWorker.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    /// <summary>Trials finished per second between <paramref name="from"/> and <paramref name="to"/>, and its share of the ideal; empty when the window is too short to mean anything.</summary>
    private static (string Rate, string Share) Window(IReadOnlyList<StoredTrial> complete, DateTimeOffset from, DateTimeOffset to, int trialMs, double ideal)
    {
        if (to - from <= TimeSpan.FromMilliseconds(4 * trialMs))
        {
            return ("", "");
        }

        double rate = complete.Count(t => t.FinishedAt > from && t.FinishedAt <= to) / (to - from).TotalSeconds;
        return (rate.ToString("0.0", CultureInfo.InvariantCulture), (rate / ideal).ToString("P0", CultureInfo.InvariantCulture));
    }

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>The machine's busy time (user, nice, system, irq, softirq, steal) in USER_HZ ticks, from /proc/stat.</summary>
    private static long BusyJiffies()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
