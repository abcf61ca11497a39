using StochasticMutatorTuner.Benchmarks;

namespace StochasticMutatorTuner.Benchmarks.Tests;

/// <summary>A small, fast run of the search-quality harness, as a correctness check (never a timing check).</summary>
public class QualityHarnessTests
{
    private static readonly Lazy<Task<QualityResults>> Small = new(() => QualityHarness.RunAsync(
        QualityHarness.DefaultProblems().Where(p => p.Name != "synthetic-noisy").ToList(),
        QualityHarness.DefaultStrategies(),
        seeds: 8,
        budget: 60));

    [Fact]
    public async Task Every_run_has_a_regret_per_trial_that_never_goes_below_zero()
    {
        var results = await Small.Value;
        Assert.Equal(2, results.Problems.Count);
        foreach (var problem in results.Regret)
        {
            foreach (var strategy in problem)
            {
                Assert.Equal(8, strategy.Length);
                Assert.All(strategy, curve => Assert.Equal(60, curve.Length));
                Assert.All(strategy, curve => Assert.All(curve, r => Assert.True(r >= -1e-12 && !double.IsNaN(r))));
            }
        }
    }

    [Fact]
    public async Task Without_noise_the_incumbent_never_gets_worse()
    {
        var results = await Small.Value;
        int synthetic = results.Problems.ToList().FindIndex(p => p.Name == "synthetic");
        foreach (var strategy in results.Regret[synthetic])
        {
            foreach (var curve in strategy)
            {
                for (int t = 1; t < curve.Length; t++)
                {
                    Assert.True(curve[t] <= curve[t - 1] + 1e-12);
                }
            }
        }
    }

    [Fact]
    public async Task The_classic_mutator_beats_random_search_on_the_smooth_synthetic_problem()
    {
        var results = await Small.Value;
        var rows = QualityReport.Rows(results).Where(r => r.Problem == "synthetic" && r.Budget == 50).ToDictionary(r => r.Strategy);
        Assert.True(rows["storm"].Median < rows["random"].Median, $"storm {rows["storm"].Median} vs random {rows["random"].Median}");
        Assert.True(rows["storm"].PVersusRandom < 0.05);
        Assert.True(double.IsNaN(rows["storm"].PVersusClassic));
    }

    [Fact]
    public async Task The_report_has_a_table_per_problem_and_a_plot_each()
    {
        var results = await Small.Value;
        var folder = Directory.CreateTempSubdirectory("smt-quality-").FullName;
        try
        {
            QualityReport.Write(results, folder);
            var text = File.ReadAllText(Path.Combine(folder, "quality.md"));
            Assert.Contains("## synthetic", text);
            Assert.Contains("## tabular-mlp", text);
            Assert.Equal(2 * 2 * 3, text.Split('\n').Count(l => l.StartsWith("| 25 |", StringComparison.Ordinal) || l.StartsWith("| 50 |", StringComparison.Ordinal)));
            foreach (var name in new[] { "synthetic", "tabular-mlp" })
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

    [Fact]
    public void The_tabular_problem_holds_every_config_of_its_space()
    {
        var tabular = (TabularProblem)QualityHarness.DefaultProblems().Single(p => p.Name == "tabular-mlp");
        Assert.Equal(TabularMlpConfig.SearchSpace.DistinctConfigCount, tabular.Count);
        Assert.True(tabular.TopOnePercentRegret > 0);
    }
}

public class StatisticsTests
{
    [Fact]
    public void The_signed_rank_test_sees_a_consistent_shift_and_not_noise()
    {
        var random = new Random(4);
        var a = Enumerable.Range(0, 30).Select(_ => random.NextDouble()).ToArray();
        var shifted = a.Select(x => x + 0.1 + random.NextDouble() * 0.01).ToArray();
        var unrelated = a.Select(x => x + (random.NextDouble() - 0.5) * 0.01).ToArray();

        Assert.True(Statistics.WilcoxonSignedRank(a, shifted) < 0.001);
        Assert.True(Statistics.WilcoxonSignedRank(a, unrelated) > 0.05);
        Assert.Equal(1, Statistics.WilcoxonSignedRank(a, a));
        Assert.Equal(Statistics.WilcoxonSignedRank(a, shifted), Statistics.WilcoxonSignedRank(shifted, a), 12);
    }

    [Fact]
    public void Quantiles_interpolate_and_the_normal_cdf_is_accurate()
    {
        Assert.Equal(2.5, Statistics.Median(new[] { 4.0, 1, 3, 2 }));
        Assert.Equal(1.75, Statistics.Quantile(new[] { 1.0, 2, 3, 4 }, 0.25));
        Assert.Equal(0.975, Statistics.NormalCdf(1.959964), 5);
        Assert.Equal(0.5, Statistics.NormalCdf(0), 7);
    }
}
