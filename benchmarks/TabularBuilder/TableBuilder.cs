using System.Diagnostics;
using System.Globalization;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>
/// Trains every distinct config of a benchmark for every seed. Parallelism is by process: each shard is a child
/// process training one config at a time with one torch thread (TorchSharp 0.107 crashed with "Unknown scalar
/// type" in SGD's step when two trainings shared a process), and the parent merges the shards.
/// </summary>
internal static class TableBuilder
{
    /// <summary>The training seeds of every table.</summary>
    public static readonly int[] Seeds = { 1, 2 };

    /// <summary>Runs <paramref name="shards"/> child processes of this builder and merges their tables.</summary>
    public static BenchmarkTable Build(ITableBenchmark benchmark, int shards, string command, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("smt-table-").FullName;
        try
        {
            var children = Enumerable.Range(0, shards).Select(k => Start(benchmark.Name, k, shards, Path.Combine(folder, $"shard{k}.jsonl.gz"))).ToList();
            foreach (var (child, k) in children.Select((c, k) => (c, k)))
            {
                child.WaitForExit();
                if (child.ExitCode != 0)
                {
                    throw new InvalidOperationException($"Shard {k}/{shards} of {benchmark.Name} failed with exit code {child.ExitCode}; see its output above.");
                }
            }

            var parts = children.Select((_, k) => BenchmarkTable.Read(Path.Combine(folder, $"shard{k}.jsonl.gz"))).ToList();
            double cpuMinutes = parts.Sum(t => t.Header.CpuMinutes);
            var byKey = parts.SelectMany(t => t.Entries).ToDictionary(e => e.Key, StringComparer.Ordinal);
            var space = benchmark.Space;
            var entries = space.EnumerateDistinct().Select(g => byKey[space.KeyOf(g).ToString()]).ToList();
            var header = new TableHeader(benchmark.Name, benchmark.SpaceName, benchmark.Task, Data(benchmark), benchmark.Epochs, Seeds, 3, entries.Count,
                command, MachineInfo.Describe(), DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
                Math.Round(clock.Elapsed.TotalMinutes, 1), Math.Round(cpuMinutes, 1));
            return new BenchmarkTable(header, entries);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Trains the configs whose key is <paramref name="shard"/> modulo <paramref name="shards"/>, one at a time.</summary>
    public static BenchmarkTable BuildShard(ITableBenchmark benchmark, int shard, int shards, TextWriter log)
    {
        benchmark.Load();
        global::TorchSharp.torch.set_num_threads(1);
        // By key, not by position: neighbours in the enumeration differ in the last parameter (often the batch
        // size), and shards by position would split slow configs from fast ones.
        var space = benchmark.Space;
        var genomes = space.EnumerateDistinct().Where(g => (int)(space.KeyOf(g).Value % (ulong)shards) == shard).ToList();
        log.WriteLine($"{benchmark.Name} shard {shard}/{shards}: {genomes.Count} configs × {Seeds.Length} seeds × {benchmark.Epochs} epochs; {benchmark.Data}");
        var clock = Stopwatch.StartNew();
        var entries = new List<TableEntry>(genomes.Count);
        foreach (var genome in genomes)
        {
            entries.Add(Entry(benchmark, genome));
            if (entries.Count % 200 == 0 || entries.Count == genomes.Count)
            {
                double minutes = clock.Elapsed.TotalMinutes;
                log.WriteLine($"shard {shard}: {entries.Count}/{genomes.Count} in {minutes:F1} min (about {minutes / entries.Count * (genomes.Count - entries.Count):F0} min to go); {GcFree.Report}");
            }
        }

        var header = new TableHeader(benchmark.Name, benchmark.SpaceName, benchmark.Task, benchmark.Data, benchmark.Epochs, Seeds, 3, entries.Count,
            $"shard {shard}/{shards}", MachineInfo.Describe(), "", Math.Round(clock.Elapsed.TotalMinutes, 1), Process.GetCurrentProcess().TotalProcessorTime.TotalMinutes);
        return new BenchmarkTable(header, entries);
    }

    /// <summary>Trains <paramref name="count"/> random configs to estimate how long the whole table takes on two shards.</summary>
    public static void Estimate(ITableBenchmark benchmark, int count, TextWriter log)
    {
        benchmark.Load();
        global::TorchSharp.torch.set_num_threads(1);
        var genomes = benchmark.Space.EnumerateDistinct().ToList();
        var sample = genomes.OrderBy(_ => Random.Shared.Next()).Take(count).ToList();
        var clock = Stopwatch.StartNew();
        var entries = sample.Select(g => Entry(benchmark, g)).ToList();
        var final = entries.SelectMany(e => e.Runs.Select(r => r.Loss[^1])).Order().ToArray();
        log.WriteLine($"final validation loss of the sample: min {final[0]:G4}, median {final[final.Length / 2]:G4}, max {final[^1]:G4}");
        var best = entries.MinBy(e => e.Runs.Average(r => r.Loss[^1]))!;
        log.WriteLine($"best sampled config {string.Join(", ", best.Config.Select(p => $"{p.Key}={p.Value}"))}: {string.Join(" | ", best.Runs.Select(r => string.Join(" ", r.Loss.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)))))}");
        log.WriteLine(GcFree.Report);
        double perConfig = clock.Elapsed.TotalSeconds / sample.Count;
        log.WriteLine($"{benchmark.Name}: {sample.Count} configs in {clock.Elapsed.TotalSeconds:F0} s ({perConfig:F2} s per config, one at a time); all {genomes.Count} on two shards: about {perConfig * genomes.Count / 2 / 60:F0} min");
    }

    private static string Data(ITableBenchmark benchmark)
    {
        benchmark.Load();
        return benchmark.Data;
    }

    private static Process Start(string name, int shard, int shards, string output)
    {
        // The builder runs as an apphost or as "dotnet TabularBuilder.dll": start the child the same way.
        var host = Environment.ProcessPath!;
        var info = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(TableBuilder).Assembly.Location);
        }

        foreach (var arg in new[] { name, "--shard", $"{shard}/{shards}", "--out", output })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start shard {shard} of {name}.");
    }

    private static TableEntry Entry(ITableBenchmark benchmark, int[] genome)
    {
        var space = benchmark.Space;
        var active = space.GetActive(genome);
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int p = 0; p < space.Count; p++)
        {
            if (active[p])
            {
                config[space.Parameters[p].Name] = space.FormatValue(p, genome[p]);
            }
        }

        var runs = Seeds.Select(seed =>
        {
            var clock = Stopwatch.StartNew();
            var (loss, accuracy) = benchmark.Train(genome, seed);
            return new TableRun(seed, Math.Round(clock.Elapsed.TotalSeconds, 3), loss, accuracy);
        }).ToArray();
        return new TableEntry(space.KeyOf(genome).ToString(), config, runs);
    }
}
