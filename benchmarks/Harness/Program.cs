using BenchmarkDotNet.Running;
using StochasticMutatorTuner.Benchmarks;

// dotnet run -c Release --project benchmarks/Harness -- quality [--seeds N] [--budget N] [--out DIR]
// dotnet run -c Release --project benchmarks/Harness -- overhead [BenchmarkDotNet arguments]
// dotnet run -c Release --project benchmarks/Harness -- dashboard-study FILE [--trials N]   (a large study for smt dashboard)
// dotnet run -c Release --project benchmarks/Harness -- loop [--storage memory,sqlite,postgres] [--space small,large] [--trials N] [--strategy storm|random] [--concurrency N] [--objective-ms X] [--repeat N] [--folder DIR]
// dotnet run -c Release --project benchmarks/Harness -- workers [--workers 1,8,32] [--trial-ms 200] [--trials-per-worker 100]   (PostgreSQL: SMT_TEST_POSTGRES)
switch (args.FirstOrDefault())
{
    case "quality":
        int seeds = Arg(args, "--seeds", 50);
        int budget = Arg(args, "--budget", 200);
        string output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("docs", "benchmarks");
        var report = await QualityHarness.RunAsync(QualityHarness.DefaultProblems(), QualityHarness.DefaultStrategies(), seeds, budget, Console.Out);
        QualityReport.Write(report, output);
        Console.WriteLine($"wrote {Path.GetFullPath(Path.Combine(output, "quality.md"))} and the regret plots");
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
        await DashboardStudy.WriteAsync(args[1], Arg(args, "--trials", 10_000), Console.Out);
        return 0;
    default:
        Console.Error.WriteLine("usage: quality [--seeds N] [--budget N] [--out DIR] | overhead [BenchmarkDotNet arguments] | dashboard-study FILE [--trials N] | loop [options, see LoopBenchmark.cs] | workers [options, see WorkersBenchmark.cs]");
        return 2;
}

static int Arg(string[] args, string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
