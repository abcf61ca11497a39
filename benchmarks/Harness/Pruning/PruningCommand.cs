using System.Globalization;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// <c>pruning [--runs N] [--problems a,b] [--pruners none,median,sha,sha+retry=0.3334] [--strategy storm] [--max N] [--parallel N] [--first-run N] [--out FILE]</c>:
/// replays the tables' learning curves through each pruner and writes the quality-per-compute report.
/// </summary>
public static class PruningCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        string? Option(string name)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        try
        {
            var tables = Catalog.Problems().OfType<TableProblem>();
            if (Option("--problems") is { } only)
            {
                var names = only.Split(',');
                tables = tables.Where(t => names.Contains(t.Name));
            }

            var problems = tables.Select(t => new CurveReplay(t)).ToList();
            if (problems.Count == 0)
            {
                throw new ArgumentException($"No table problem matches --problems {Option("--problems")}; known: {string.Join(", ", Catalog.Problems().OfType<TableProblem>().Select(t => t.Name))}.");
            }

            var pruners = (Option("--pruners")?.Split(',') ?? PrunerFactory.Defaults).Select(PrunerFactory.Parse).ToList();
            var strategy = Catalog.Strategies(new[] { Option("--strategy") ?? "storm" }).Single();
            var results = PruningHarness.RunAll(problems, strategy, pruners, Int("--runs", 1000), Int("--max", 400), Int("--parallel", 1), output, Int("--first-run", 1));
            string report = PruningReport.Markdown(results, "dotnet run -c Release --project benchmarks/Harness -- " + string.Join(' ', args), MachineInfo.Describe());
            string file = Option("--out") ?? Path.Combine("docs", "benchmarks", "pruning.md");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, report);
            output.Write(report);
            output.WriteLine($"wrote {Path.GetFullPath(file)}");
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
