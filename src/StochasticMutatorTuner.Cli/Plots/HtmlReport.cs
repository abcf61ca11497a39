using StochasticMutatorTuner.Cli.Dashboard;
using StochasticMutatorTuner.Reporting;

namespace StochasticMutatorTuner.Cli.Plots;

/// <summary>
/// A self-contained HTML report of one study: the dashboard's page with its script, style and the study's data
/// inline, so it shows the same views (history, learning curves, parallel coordinates, slices, importance with
/// intervals, the trials table and details) with nothing to fetch.
/// </summary>
internal static class HtmlReport
{
    public static string Render(Study study, DateTimeOffset generatedAt)
    {
        var data = DashboardJson.Report(study.Storage.Description, StudySnapshot.Of(study), StudyAnalysis.ImportanceWithUncertainty(study), generatedAt);
        return DashboardPage.Report("Study " + study.Name, data);
    }
}
