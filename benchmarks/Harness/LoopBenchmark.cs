using System.Diagnostics;
using System.Globalization;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The whole loop through the public API: <c>Tuner&lt;T&gt;.SearchAsync</c> with an objective that costs nothing (or
/// a given delay), timed in windows of trial numbers as the study grows, with allocations per trial and, in memory,
/// the memory each stored trial keeps.
/// </summary>
/// <remarks>
/// <c>loop [--storage memory,sqlite,postgres] [--space small,large] [--trials N] [--strategy storm|classic|screened|random]
/// (storm: the default strategy; classic: <c>new StochasticMutator()</c>; screened: the settings the quality suite ranked first) [--concurrency N] [--objective-ms X] [--repeat N] [--folder DIR] [--allocations] [--keys FILE]</c> (--keys: write every trial's config key, in number order, to FILE: to check that a change keeps the proposals) (--allocations: also print the types allocated most, sampled by the runtime; slows the run) (DIR: where the SQLite file goes, e.g. /dev/shm to leave fsync out; default the temp folder). PostgreSQL uses SMT_TEST_POSTGRES (a study of its own,
/// deleted afterwards).
/// </remarks>
internal static class LoopBenchmark
{
    private static readonly int[] Boundaries = { 0, 100, 1_000, 10_000, 100_000, 1_000_000 };

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var storages = Option(args, "--storage", "memory").Split(',');
        var spaces = Option(args, "--space", "small,large").Split(',');
        int trials = int.Parse(Option(args, "--trials", "10000"), CultureInfo.InvariantCulture);
        string strategy = Option(args, "--strategy", "storm");
        int concurrency = int.Parse(Option(args, "--concurrency", "1"), CultureInfo.InvariantCulture);
        double objectiveMs = double.Parse(Option(args, "--objective-ms", "0"), CultureInfo.InvariantCulture);
        int repeat = int.Parse(Option(args, "--repeat", "1"), CultureInfo.InvariantCulture);
        string? folder = args.Contains("--folder") ? Option(args, "--folder", "") : null;
        int reports = int.Parse(Option(args, "--reports", "0"), CultureInfo.InvariantCulture);
        string? keysFile = args.Contains("--keys") ? Option(args, "--keys", "") : null;
        bool sampleAllocations = args.Contains("--allocations"); // slows the run: its times are not the benchmark's
        var windows = Boundaries.Where(b => b < trials).Append(trials).ToArray();

        output.WriteLine($"loop: {trials} trials, strategy {strategy}, {concurrency} concurrent, objective {objectiveMs} ms, {reports} reports per trial; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        output.WriteLine($"| storage | space | {string.Join(" | ", Enumerable.Range(0, windows.Length - 1).Select(i => $"trials {Label(windows[i])}-{Label(windows[i + 1])}"))} | whole run | trials running (mean) | memory per stored trial |");
        output.WriteLine($"|---|---|{string.Concat(Enumerable.Repeat("---:|", windows.Length + 2))}");
        foreach (var storage in storages)
        {
            foreach (var space in spaces)
            {
                for (int r = 0; r < repeat; r++)
                {
                    using var sampler = sampleAllocations ? new AllocationSampler() : null;
                    var settings = new Settings(storage, trials, strategy, concurrency, objectiveMs, windows, folder, reports, keysFile);
                    var run = space switch
                    {
                        "small" => await RunOneAsync<SmallMlpConfig>(settings, c => c.Loss()),
                        "large" => await RunOneAsync<SyntheticConfig>(settings, c => c.TrueLoss()),
                        _ => throw new ArgumentException($"Unknown space '{space}': use small or large."),
                    };
                    await SettledMemoryAsync();
                    if (run.Study.IsAlive)
                    {
                        output.WriteLine("(the study is still reachable after the search ended: a leak)");
                    }

                    var cells = Enumerable.Range(0, windows.Length - 1).Select(i => Cell(run, i, i + 1));
                    output.WriteLine($"| {storage} | {space} | {string.Join(" | ", cells)} | {Cell(run, 0, windows.Length - 1)} | {run.MeanRunning:0.0} | {(run.BytesPerStoredTrial is { } b ? $"{b / 1024.0:0.0} KB" : "")} |");
                    sampler?.Print(output, trials);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(process so far: the JIT compiled {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompiledILBytes() / 1024.0:0} KB of IL, in {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms; collections of generation 0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms paused)"));
                }
            }
        }

        output.WriteLine("cells: wall-clock µs per trial (CPU µs per trial of the whole process, allocated KB per trial, µs per trial the garbage collector paused the process, µs per trial the JIT compiled)");
        return 0;
    }

    private static async Task<Run> RunOneAsync<TConfig>(Settings s, Func<TConfig, double> loss)
        where TConfig : ITunable<TConfig>
    {
        string folder = s.Folder is null ? Directory.CreateTempSubdirectory("smt-loop-").FullName : Directory.CreateDirectory(Path.Combine(s.Folder, $"smt-loop-{Guid.NewGuid():N}")).FullName;
        long retainedBefore = await SettledMemoryAsync();
        var storage = Seeding.OpenStorage(s.Storage, folder);
        string study = $"loop-{Guid.NewGuid():N}";
        var ticks = new long[s.Windows.Length];
        var allocated = new long[s.Windows.Length];
        var cpu = new long[s.Windows.Length];
        var paused = new long[s.Windows.Length];
        var jitted = new long[s.Windows.Length];
        long busyTicks = 0;
        var options = new TunerOptions
        {
            Storage = storage,
            StudyName = study,
            MaxTrials = s.Trials,
            Seed = 1,
            MaxConcurrentTrials = s.Concurrency,
            MaxConsecutiveFailures = null,
            Strategy = s.Strategy switch
            {
                "random" => new RandomSearch(),
                "classic" => new StochasticMutator(),
                "screened" => new StochasticMutator { InitRandom = 5, Screening = 2, RestartAfter = 100 },
                _ => null,
            },
        };
        var delay = TimeSpan.FromMilliseconds(s.ObjectiveMs);
        try
        {
            var tuner = new Tuner<TConfig>(options);
            long started = Stopwatch.GetTimestamp();
            var result = await tuner.SearchAsync(async (config, trial) =>
            {
                int mark = Array.IndexOf(s.Windows, trial.Number, 0, s.Windows.Length - 1);
                if (mark >= 0)
                {
                    ticks[mark] = Stopwatch.GetTimestamp();
                    cpu[mark] = CpuTicks();
                    allocated[mark] = GC.GetTotalAllocatedBytes();
                    paused[mark] = GC.GetTotalPauseDuration().Ticks;
                    jitted[mark] = System.Runtime.JitInfo.GetCompilationTime().Ticks;
                }

                if (delay > TimeSpan.Zero)
                {
                    long begin = Stopwatch.GetTimestamp();
                    await Task.Delay(delay).ConfigureAwait(false);
                    Interlocked.Add(ref busyTicks, Stopwatch.GetTimestamp() - begin);
                }

                double value = loss(config);
                for (int step = 1; step <= s.Reports; step++)
                {
                    await trial.ReportAsync(step, value + (1.0 / step)).ConfigureAwait(false); // as a training reports each epoch
                }

                return value;
            });
            ticks[^1] = Stopwatch.GetTimestamp();
            cpu[^1] = CpuTicks();
            allocated[^1] = GC.GetTotalAllocatedBytes();
            paused[^1] = GC.GetTotalPauseDuration().Ticks;
            jitted[^1] = System.Runtime.JitInfo.GetCompilationTime().Ticks;
            double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (result.Trials.Count != s.Trials)
            {
                throw new InvalidOperationException($"The search stopped after {result.Trials.Count} trials ({result.StopReason}).");
            }

            if (s.KeysFile is { } keysFile)
            {
                // Every trial's key in number order: two commits that propose the same trials write the same file.
                await File.WriteAllLinesAsync(keysFile, result.Trials.Select(t => t.Key.ToString()));
            }

            double? perTrial = null;
            if (s.Storage == "memory")
            {
                // What the study (storage and view) keeps per trial: both stay reachable through `result`.
                long retained = await SettledMemoryAsync();
                perTrial = (double)(retained - retainedBefore) / s.Trials;
                GC.KeepAlive(result);
                GC.KeepAlive(storage);
            }

            return new Run(ticks, cpu, allocated, paused, jitted, s.Windows, busyTicks / (double)Stopwatch.Frequency / elapsed, perTrial, new WeakReference(result.Study));
        }
        finally
        {
            if (s.Storage == "postgres")
            {
                await storage.DeleteStudyAsync(study);
            }

            await Seeding.DisposeAsync(storage, folder);
        }
    }

    /// <summary>
    /// The bytes reachable after a full collection, once the thread pool's threads have run other work (a pool thread's
    /// stack may still reference the last state machine it ran, and with it a whole study).
    /// </summary>
    private static async Task<long> SettledMemoryAsync()
    {
        for (int i = 0; i < 2 * Environment.ProcessorCount + 4; i++)
        {
            await Task.Run(() => Thread.Sleep(5));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Cell(Run run, int from, int to)
    {
        double trials = run.Windows[to] - run.Windows[from];
        double us = (run.Ticks[to] - run.Ticks[from]) * 1e6 / Stopwatch.Frequency / trials;
        double cpu = (run.Cpu[to] - run.Cpu[from]) / 10.0 / trials; // TimeSpan ticks are 100 ns
        double kb = (run.Allocated[to] - run.Allocated[from]) / 1024.0 / trials;
        double gc = (run.Paused[to] - run.Paused[from]) / 10.0 / trials;
        double jit = (run.Jitted[to] - run.Jitted[from]) / 10.0 / trials;
        return string.Create(CultureInfo.InvariantCulture, $"{Micro(us)} µs ({Micro(cpu)} cpu, {kb:0.0} KB, gc {gc:0.0}, jit {jit:0.0})");
    }

    private static string Micro(double us) => us.ToString(us >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>CPU time of the whole process (every thread, the GC's too), in TimeSpan ticks: wall time misleads on a shared machine.</summary>
    private static long CpuTicks()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.Ticks;
    }

    private static string Label(int n) => n >= 1000 && n % 1000 == 0 ? $"{n / 1000}k" : n.ToString(CultureInfo.InvariantCulture);

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private sealed record Settings(string Storage, int Trials, string Strategy, int Concurrency, double ObjectiveMs, int[] Windows, string? Folder, int Reports, string? KeysFile);

    private sealed record Run(long[] Ticks, long[] Cpu, long[] Allocated, long[] Paused, long[] Jitted, int[] Windows, double MeanRunning, double? BytesPerStoredTrial, WeakReference Study);
}
