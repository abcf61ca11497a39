using System.Globalization;
using BenchmarkDotNet.Running;
using StochasticMutatorTuner.Benchmarks;

// dotnet run -c Release --project benchmarks/Harness -- quality [--runs N] [--budget N] [--problems a,b] [--strategies a,b] [--parallel N] [--first-run N] [--out DIR]
// dotnet run -c Release --project benchmarks/Harness -- pruning [--runs N] [--problems a,b] [--pruners none,median,sha,sha+retry=0.3334] [--strategy storm] [--max N] [--parallel N] [--first-run N] [--out FILE]
// dotnet run -c Release --project benchmarks/Harness -- tables   (what each tabular benchmark looks like)
// dotnet run -c Release --project benchmarks/Harness -- overhead [BenchmarkDotNet arguments]
// dotnet run -c Release --project benchmarks/Harness -- dashboard-study FILE [--trials N]   (a large study for smt dashboard)
// dotnet run -c Release --project benchmarks/Harness -- loop [--storage memory,sqlite,postgres] [--space small,large] [--trials N] [--strategy storm|classic|screened|random] [--concurrency N] [--objective-ms X] [--repeat N] [--folder DIR] [--allocations] [--keys FILE]
// dotnet run -c Release --project benchmarks/Harness -- workers [--workers 1,8,32] [--trial-ms 200] [--trials-per-worker 100]   (PostgreSQL: SMT_TEST_POSTGRES)
switch (args.FirstOrDefault())
{
    case "quality":
        int runs = int.Parse(Option("--runs") ?? "1000", CultureInfo.InvariantCulture);
        int budget = int.Parse(Option("--budget") ?? "400", CultureInfo.InvariantCulture);
        int parallel = int.Parse(Option("--parallel") ?? "1", CultureInfo.InvariantCulture);
        int firstRun = int.Parse(Option("--first-run") ?? "1", CultureInfo.InvariantCulture);
        string output = Option("--out") ?? Path.Combine("docs", "benchmarks");
        var problems = Catalog.Problems();
        if (Option("--problems") is { } only)
        {
            var names = only.Split(',');
            problems = problems.Where(p => names.Contains(p.Name)).ToList();
        }

        var strategies = Catalog.Strategies(Option("--strategies")?.Split(','));
        var results = QualityHarness.RunAll(problems, strategies, runs, budget, parallel, Console.Out, firstRun);
        string command = "dotnet run -c Release --project benchmarks/Harness -- " + string.Join(' ', args);
        QualityReport.Write(results, output, command, MachineInfo.Describe());
        Console.WriteLine($"wrote {Path.GetFullPath(Path.Combine(output, "quality.md"))} and the regret plots");
        return 0;
    case "pruning":
        return PruningCommand.Run(args, Console.Out);
    case "tables":
        Console.Write(TableSummary.Markdown(Catalog.Problems().OfType<TableProblem>().Where(t => !t.Noisy)));
        return 0;
    case "overhead":
        BenchmarkSwitcher.FromAssembly(typeof(QualityHarness).Assembly).Run(args.Skip(1).ToArray());
        return 0;
    case "loop":
        return await LoopBenchmark.RunAsync(args, Console.Out);
    case "workers":
        return await WorkersBenchmark.RunAsync(args, Console.Out);
    case "worker-child":
        return await WorkersBenchmark.RunChildAsync(args);
    case "dashboard-study":
        await DashboardStudy.WriteAsync(args[1], int.Parse(Option("--trials") ?? "10000", CultureInfo.InvariantCulture), Console.Out);
        return 0;
    default:
        Console.Error.WriteLine("usage: quality [--runs N] [--budget N] [--problems a,b] [--strategies a,b] [--parallel N] [--first-run N] [--out DIR] | tables | overhead [BenchmarkDotNet arguments] | dashboard-study FILE [--trials N] | loop [options, see LoopBenchmark.cs] | workers [options, see WorkersBenchmark.cs]");
        return 2;
}

string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
