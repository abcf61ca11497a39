using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Reporting;

public partial class ImportanceConfig
{
    [Param(1, 2, 3, 4, 5, Ordered = true)] public int Driver { get; set; }
    [Param("a", "b", "c")] public string Noise { get; set; } = "a";
    [Param] public bool Gate { get; set; }
    [Param(0.0, 5.0, 10.0), ActiveWhen(nameof(Gate))] public double Nested { get; set; }
    [Param(1, 2, 3)] public int Irrelevant { get; set; }
}

public class StudyAnalysisTests
{
    private static async Task<Study> SearchAsync(Func<ImportanceConfig, double> objective, int trials = 150)
    {
        var options = new TunerOptions { StorageUrl = "memory", MaxTrials = trials, Seed = 9, Strategy = new RandomSearch() };
        var result = await new Tuner<ImportanceConfig>(options).SearchAsync((c, _) => objective(c));
        return result.Study;
    }

    [Fact]
    public async Task The_parameter_that_drives_the_score_is_the_most_important()
    {
        var study = await SearchAsync(c => c.Driver * 10 + (c.Noise == "b" ? 0.5 : 0));
        var importance = StudyAnalysis.Importance(study);

        Assert.Equal("Driver", importance[0].Parameter);
        Assert.True(importance[0].Importance > 0.8, $"Driver {importance[0].Importance}");
        Assert.True(importance[0].ExplainedVariance > 0.9);
        Assert.All(importance.Where(i => i.Parameter is "Irrelevant" or "Gate"), i => Assert.True(i.Importance < 0.05, $"{i.Parameter} {i.Importance}"));
        Assert.Equal(1.0, importance.Sum(i => i.Importance), 9);
    }

    [Fact]
    public async Task A_nested_parameter_is_judged_only_where_its_gate_is_on()
    {
        // The score depends only on Nested, and only when Gate is on; when off it is constant.
        var study = await SearchAsync(c => c.Gate ? c.Nested : 2.5);
        var importance = StudyAnalysis.Importance(study).ToDictionary(i => i.Parameter);

        Assert.Equal("Nested", StudyAnalysis.Importance(study)[0].Parameter);
        Assert.True(importance["Nested"].ExplainedVariance > 0.9, $"Nested η² {importance["Nested"].ExplainedVariance}");
        Assert.Equal(study.Trials.Count(t => t.HasScore && (bool)t.Params["Gate"]), importance["Nested"].Trials);
        Assert.True(importance["Irrelevant"].Importance < 0.05);
        Assert.True(importance["Driver"].Importance < 0.05);
    }

    [Fact]
    public async Task Statistics_count_tries_per_value_and_summarize_scores()
    {
        var study = await SearchAsync(c => c.Driver, trials: 60);
        var driver = StudyAnalysis.Statistics(study).Single(s => s.Parameter == "Driver");
        var nested = StudyAnalysis.Statistics(study).Single(s => s.Parameter == "Nested");

        Assert.Equal(new[] { "1", "2", "3", "4", "5" }, driver.Values.Select(v => v.Value));
        Assert.Equal(60, driver.Values.Sum(v => v.Tried));
        Assert.All(driver.Values.Where(v => v.Scored > 0), v => Assert.Equal(double.Parse(v.Value, System.Globalization.CultureInfo.InvariantCulture), v.Mean));
        Assert.Equal(study.Trials.Count(t => (bool)t.Params["Gate"]), nested.Values.Sum(v => v.Tried));
    }

    [Fact]
    public async Task Top_trials_are_the_best_first()
    {
        var study = await SearchAsync(c => c.Driver + c.Irrelevant / 10.0, trials: 40);
        var top = StudyAnalysis.TopTrials(study, 5);
        Assert.Equal(5, top.Count);
        Assert.Equal(study.BestTrial, top[0]);
        Assert.Equal(top.Select(t => t.Score).OrderBy(s => s), top.Select(t => t.Score));
    }

    [Fact]
    public async Task Bootstrap_intervals_are_narrow_for_a_clear_driver_and_wide_on_a_handful_of_trials()
    {
        var clear = StudyAnalysis.ImportanceWithUncertainty(await SearchAsync(c => c.Driver * 10 + (c.Noise == "b" ? 0.5 : 0)));
        var driver = clear.Parameters.Single(p => p.Parameter == "Driver");
        Assert.Null(clear.Message);
        Assert.Equal("Driver", clear.Parameters[0].Parameter);
        Assert.True(driver.Low > 0.6 && driver.Low <= driver.Importance && driver.Importance <= driver.High, $"Driver {driver.Low}..{driver.Importance}..{driver.High}");
        Assert.All(clear.Parameters, p => Assert.InRange(p.Low, 0, p.High));
        Assert.Equal(StudyAnalysis.Importance(await SearchAsync(c => c.Driver * 10 + (c.Noise == "b" ? 0.5 : 0))).Select(p => p.Importance), clear.Parameters.Select(p => p.Importance));

        // 14 trials, the score driven by the nested parameter: whatever ranks first, the intervals say how unsure that is.
        var few = StudyAnalysis.ImportanceWithUncertainty(await SearchAsync(c => c.Gate ? c.Nested : 2.5 + c.Driver / 100.0, trials: 14));
        Assert.Contains(few.Parameters, p => p.High - p.Low > 0.3);
        Assert.Equal(14, few.ScoredTrials);
    }

    [Theory]
    [InlineData(3, "Too few complete trials to judge importance: 3 of 3 trials are complete with a score")]
    [InlineData(30, "No parameter explains the score beyond chance on the 30 complete trials")]
    public async Task Importance_says_when_it_cannot_judge(int trials, string message)
    {
        var report = StudyAnalysis.ImportanceWithUncertainty(await SearchAsync(_ => 1.0, trials));
        Assert.StartsWith(message, report.Message);
        Assert.All(report.Parameters, p => Assert.Equal(0, p.Importance));
    }
}
