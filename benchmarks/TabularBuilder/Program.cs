using System.Globalization;
using StochasticMutatorTuner.Benchmarks.Building;

// Builds the tabular benchmarks from real TorchSharp training (never in CI: each takes 20-30 minutes on 2 cores).
//   dotnet run -c Release --project benchmarks/TabularBuilder -- NAME [--out FILE] [--parallel N]
//   dotnet run -c Release --project benchmarks/TabularBuilder -- NAME --estimate N   (train N random configs, print the projected time)
// --parallel N (default 2) runs N shard processes (NAME --shard K/N --out PART) and merges them.
ITableBenchmark[] all = { new BreastCancerMlp(), new DiabetesMlp(), new FashionMlp(), new FashionCnn() };
var benchmark = all.FirstOrDefault(b => b.Name == args.FirstOrDefault());
if (benchmark is null)
{
    Console.Error.WriteLine($"usage: NAME [--out FILE] [--parallel N] [--estimate CONFIGS], NAME one of: {string.Join(", ", all.Select(b => b.Name))}");
    return 2;
}

if (Option("--estimate") is { } count)
{
    TableBuilder.Estimate(benchmark, int.Parse(count, CultureInfo.InvariantCulture), Console.Out);
    return 0;
}

string output = Option("--out") ?? Path.Combine("benchmarks", "data", $"{benchmark.Name}.jsonl.gz");
if (Option("--shard") is { } shard)
{
    var parts = shard.Split('/');
    TableBuilder.BuildShard(benchmark, int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), Console.Out).Write(output);
    return 0;
}

int parallel = int.Parse(Option("--parallel") ?? "2", CultureInfo.InvariantCulture);
string command = $"dotnet run -c Release --project benchmarks/TabularBuilder -- {benchmark.Name}";
var table = TableBuilder.Build(benchmark, parallel, command, Console.Out);
table.Write(output);
Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1024} KB): {table.Entries.Count} configs in {table.Header.Minutes} min ({table.Header.CpuMinutes} CPU minutes)");
return 0;

string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
