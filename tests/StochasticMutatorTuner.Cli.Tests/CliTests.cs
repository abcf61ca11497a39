using System.Text.RegularExpressions;
using System.Xml.Linq;
using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Cli.Tests;

public enum Kind
{
    Linear,
    Deep,
}

public partial class CliConfig
{
    [Param(1, 2, 3, 4, Ordered = true)] public int Depth { get; set; }
    [Param] public Kind Kind { get; set; }
    [Param] public bool Gate { get; set; }
    [Param(0.1, 0.5), ActiveWhen(nameof(Gate))] public double Rate { get; set; }
}

/// <summary>The CLI end to end on a real SQLite study with complete, pruned and failed trials.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-cli-").FullName;

    private string Database => Path.Combine(_folder, "project", TunerOptions.DefaultDatabaseFileName);

    public async Task InitializeAsync()
    {
        var options = new TunerOptions { ProjectDirectory = Path.Combine(_folder, "project"), StudyName = "demo", MaxTrials = 24, Seed = 3, Pruner = new MedianPruner { StartupTrials = 3 }, MaxConsecutiveFailures = null };
        await new Tuner<CliConfig>(options).SearchAsync(async (c, trial) =>
        {
            if (trial.Number == 5)
            {
                throw new InvalidOperationException("diverged <badly> & loudly");
            }

            double loss = Math.Abs(c.Depth - 3) + (c.Kind == Kind.Deep ? 0 : 0.5) + (c.Gate ? c.Rate : 0.3);
            for (int step = 1; step <= 3; step++)
            {
                await trial.ReportAsync(step, loss + 1.0 / step);
            }

            return loss;
        });
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<StochasticMutatorTuner.Trials.TrialRecord> BestAsync()
    {
        await using var storage = new StochasticMutatorTuner.Storage.SqliteStudyStorage(Database);
        return (await Study.OpenExistingAsync(storage, "demo")).BestTrial!;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Studies_lists_each_study_with_its_counts_and_best()
    {
        var (code, output, _) = await Run("studies", "--storage", Database);
        Assert.Equal(0, code);
        var row = output.Split('\n').Single(l => l.StartsWith("demo", StringComparison.Ordinal));
        var best = await BestAsync();
        Assert.Matches($@"^demo\s+minimize\s+24\s+\d+\s+\d+\s+1\s+0\s+{best.Score!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} \(#{best.Number}\)", row);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task Trials_filters_by_state_and_sorts_by_score()
    {
        var (code, output, _) = await Run("trials", "-s", Path.Combine(_folder, "project"), "--state", "failed");
        Assert.Equal(0, code);
        Assert.Contains("diverged <badly> & loudly", (await Run("export", "-s", Database, "--format", "csv")).Out);
        var lines = output.Trim().Split('\n');
        Assert.Equal(3, lines.Length); // header, rule, the one failed trial
        Assert.Matches(@"^#\s+state\s+score\s+seconds\s+message\s+parameters", lines[0]);
        Assert.Matches(@"^5\s+failed\s+-\s+\d+\.\d\s+InvalidOperationException: diverged <badly> & loudly\s+Depth=", lines[2]);

        var (_, complete, _) = await Run("trials", "-s", Database, "--state", "complete");
        Assert.DoesNotContain("message", complete); // no column of dashes when no listed trial has a message

        var (_, sorted, _) = await Run("trials", "-s", Database, "--sort", "score", "--top", "3", "--state", "complete");
        var scores = sorted.Trim().Split('\n').Skip(2).Select(l => double.Parse(Regex.Split(l.Trim(), @"\s+")[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, scores.Count);
        Assert.Equal(scores.OrderBy(s => s), scores);
        Assert.Equal((await BestAsync()).Score!.Value, scores[0], 6);
    }

    [Fact]
    public async Task Best_shows_the_best_config_and_can_print_just_its_json()
    {
        var (code, output, _) = await Run("best", "-s", Database, "--study", "demo");
        Assert.Equal(0, code);
        var best = await BestAsync();
        Assert.Contains($"Best trial #{best.Number} of study 'demo': score {best.Score!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} (minimize)", output);
        Assert.Contains("Depth = 3", output);
        Assert.Contains("Kind = Deep", output);

        var (_, json, _) = await Run("best", "-s", Database, "--json");
        var expected = "{" + string.Join(",", best.Params.Select(p => $"\"{p.Key}\":\"{StochasticMutatorTuner.Space.ParamValues.Format(p.Value)}\"")) + "}";
        Assert.Equal(expected, json.Trim());
        Assert.StartsWith("{\"Depth\":\"3\",\"Kind\":\"Deep\"", json);
    }

    [Fact]
    public async Task Importance_lists_every_parameter()
    {
        var (code, output, _) = await Run("importance", "-s", Database);
        Assert.Equal(0, code);
        foreach (var p in new[] { "Depth", "Kind", "Gate", "Rate" })
        {
            Assert.Matches($@"(?m)^{p}\s+\d+\.\d %", output);
        }
    }

    [Fact]
    public async Task Export_writes_json_and_csv_with_every_trial()
    {
        var file = Path.Combine(_folder, "out.json");
        var (code, output, _) = await Run("export", "-s", Database, "--format", "json", "-o", file);
        Assert.Equal(0, code);
        Assert.Contains("Wrote 24 trials", output);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(24, doc.RootElement.GetProperty("trials").GetArrayLength());

        var (_, csv, _) = await Run("export", "-s", Database, "--format", "csv");
        Assert.Equal(25, csv.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task Plots_are_valid_png_and_svg_files_with_their_titles()
    {
        var folder = Path.Combine(_folder, "plots");
        var (code, output, _) = await Run("plots", "-s", Database, "-o", folder);
        Assert.Equal(0, code);
        var expected = new[] { "history", "importance", "parallel-coordinates", "slice-Depth", "slice-Kind", "slice-Gate", "slice-Rate" };
        foreach (var name in expected)
        {
            var png = File.ReadAllBytes(Path.Combine(folder, name + ".png"));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.True(png.Length > 10_000, $"{name}.png is only {png.Length} bytes");
            var svg = XDocument.Load(Path.Combine(folder, name + ".svg"));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.Contains(name.StartsWith("slice-", StringComparison.Ordinal) ? "Slice" : name == "history" ? "Optimization history" : name == "importance" ? "Parameter importance" : "Parallel coordinates", svg.ToString());
        }

        Assert.Contains("pruned (last reported value)", File.ReadAllText(Path.Combine(folder, "history.svg")));
        Assert.Contains("best so far", File.ReadAllText(Path.Combine(folder, "history.svg")));
        Assert.Equal(expected.Length * 2, output.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task The_html_report_embeds_every_plot_and_lists_every_trial()
    {
        var file = Path.Combine(_folder, "report.html");
        var (code, _, _) = await Run("report", "-s", Database, "-o", file);
        Assert.Equal(0, code);
        var html = File.ReadAllText(file);
        foreach (var id in new[] { "history", "importance", "parallel-coordinates", "slice-Depth", "slice-Kind", "slice-Gate", "slice-Rate" })
        {
            Assert.Matches($"id=\"plot-{id}\" src=\"data:image/png;base64,[A-Za-z0-9+/=]{{1000,}}\"", html);
        }

        var rows = Regex.Matches(html, "<tr( class=\"best\")?><td>(\\d+)</td>").Select(m => int.Parse(m.Groups[2].Value)).ToList();
        Assert.Equal(Enumerable.Range(0, 24), rows.Order());
        Assert.Contains("diverged &lt;badly&gt; &amp; loudly", html);
        Assert.DoesNotContain("<badly>", html);
        Assert.Contains("addEventListener('click'", html);
        Assert.Single(Regex.Matches(html, "<tr class=\"best\">"));
    }

    [Theory]
    [InlineData("missing-db", "error: No study database at")]
    [InlineData("missing-study", "has no study named 'nope'. Studies there: demo.")]
    [InlineData("empty-study", "has no trial with a score yet (0 trials); there is nothing to plot or report.")]
    [InlineData("bad-state", "Unknown state 'dead'")]
    public async Task Mistakes_give_one_clear_error_line_and_exit_code_1(string mistake, string message)
    {
        if (mistake == "empty-study")
        {
            await using var storage = new StochasticMutatorTuner.Storage.SqliteStudyStorage(Database);
            await Study.OpenAsync(storage, "empty", new StochasticMutatorTuner.Space.ConditionalSpaceResolver(CliConfig.SearchSpace), Direction.Minimize);
        }

        string plots = Path.Combine(_folder, "empty-plots");
        var (code, output, error) = mistake switch
        {
            "missing-db" => await Run("studies", "-s", Path.Combine(_folder, "nothing.db")),
            "missing-study" => await Run("best", "-s", Database, "--study", "nope"),
            "empty-study" => await Run("plots", "-s", Database, "--study", "empty", "-o", plots),
            _ => await Run("trials", "-s", Database, "--state", "dead"),
        };

        Assert.Equal(1, code);
        Assert.Contains(message, error);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(plots), "no empty plot is written");
        Assert.False(File.Exists(Path.Combine(_folder, "nothing.db")), "a missing database is not created");
    }
}
