using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks.Tests;

public class ReportTests
{
    [Fact]
    public void The_rule_counts_a_candidate_worse_than_a_reference_and_better_than_all_where_it_is()
    {
        // Two references and two candidates on one problem with made-up traces: "good" is lower than both
        // references in every run, "bad" is higher than one reference in every run.
        var problem = new FixedProblem();
        var strategies = new[]
        {
            new StrategyFactory("ref-a", () => new RandomSearch()),
            new StrategyFactory("ref-b", () => new RandomSearch()),
            new StrategyFactory("good", () => new RandomSearch(), IsReference: false),
            new StrategyFactory("bad", () => new RandomSearch(), IsReference: false),
        };
        var random = new Random(3);
        double[] offsets = { 0.5, 0.6, 0.1, 0.9 };
        var traces = new[]
        {
            strategies.Select((_, s) => Enumerable.Range(0, 60).Select(_ => Trace(offsets[s] + random.NextDouble() * 0.01)).ToArray()).ToArray(),
        };
        var results = new QualityResults(new[] { problem }, strategies, 60, 30, traces);
        var cells = Cell.Of(results);

        Assert.Equal(new[] { "regret@25", "top1%" }, cells.Select(c => c.Measure));
        var verdicts = QualityReport.Verdicts(results, cells).ToDictionary(v => v.Strategy);
        Assert.Equal(2, verdicts.Count);
        Assert.Equal(2, verdicts["good"].AtOrUnderBestMedian);
        Assert.Empty(verdicts["good"].SignificantlyWorse);
        Assert.Contains("fixed regret@25", verdicts["good"].SignificantlyBetterThanAll);
        Assert.Equal(0, verdicts["bad"].AtOrUnderBestMedian - 1); // only top1%: nobody reaches it, all tie at 31
        Assert.Contains(verdicts["bad"].SignificantlyWorse, w => w.StartsWith("fixed regret@25 (vs ref-a, ref-b)", StringComparison.Ordinal));
    }

    [Fact]
    public void Trials_to_the_top_one_percent_count_from_one_and_censor_at_the_budget()
    {
        var trace = new RunTrace(new[] { 3f, 2f, 0.5f, 0.5f }, new[] { 1, 2, 3, 4 });
        Assert.Equal(3, Cell.TrialsTo(trace, 0.5));
        Assert.Equal(1, Cell.TrialsTo(trace, 3));
        Assert.Equal(5, Cell.TrialsTo(trace, 0.1));
    }

    [Fact]
    public void The_report_has_a_table_per_problem_the_verdicts_and_a_plot_each()
    {
        var problems = new IBenchmarkProblem[] { new SyntheticProblem(0), new SyntheticProblem(0.15) };
        var strategies = Catalog.References().Take(2).Append(new StrategyFactory("candidate", () => new StochasticMutator { InitRandom = 5 }, IsReference: false)).ToList();
        var results = QualityHarness.RunAll(problems, strategies, runs: 10, budget: 60);
        var folder = Directory.CreateTempSubdirectory("smt-quality-").FullName;
        try
        {
            QualityReport.Write(results, folder, "the command", "the machine");
            var text = File.ReadAllText(Path.Combine(folder, "quality.md"));
            Assert.Contains("`the command` on the machine", text);
            Assert.Contains("## synthetic\n", text.ReplaceLineEndings("\n"));
            Assert.Contains("## synthetic-noisy", text);
            Assert.Contains("| candidate |", text);
            // Per problem: budgets 25 and 50 and top 1 %, for each of three strategies.
            Assert.Equal(2 * 3 * 3, text.Split('\n').Count(l => l.StartsWith("| regret@", StringComparison.Ordinal) || l.StartsWith("| top1% |", StringComparison.Ordinal)));
            foreach (var name in new[] { "synthetic", "synthetic-noisy" })
            {
                var png = File.ReadAllBytes(Path.Combine(folder, $"regret-{name}.png"));
                Assert.True(png.Length > 10_000);
                Assert.Equal(0x89, png[0]);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static RunTrace Trace(double regret) => new(Enumerable.Repeat((float)regret, 30).ToArray(), Enumerable.Range(1, 30).ToArray());

    private sealed class FixedProblem : IBenchmarkProblem
    {
        public string Name => "fixed";

        public string Description => "made up";

        public SearchSpace Space => SyntheticConfig.SearchSpace;

        public int ConfigCount => 1000;

        public double TopOnePercentRegret => 0.01;

        public Evaluation Evaluate(Candidate config, int run, int repeat) => throw new NotSupportedException();

        public double Regret(Candidate config) => throw new NotSupportedException();
    }
}
