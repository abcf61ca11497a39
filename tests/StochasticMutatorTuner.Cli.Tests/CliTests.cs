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

        // Typed JSON values, which the generated FromJson reads back to the same config.
        var (_, json, _) = await Run("best", "-s", Database, "--json");
        Assert.StartsWith("{\"Depth\":3,\"Kind\":\"Deep\",\"Gate\":", json);
        var config = CliConfig.FromJson(json);
        Assert.Equal(best.Key, config.GetConfigKey());
        Assert.Equal(json.Trim(), config.ToJson());
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

        // Each trial's parameters are its config JSON: typed values that read back to the trial's key.
        await using var storage = new StochasticMutatorTuner.Storage.SqliteStudyStorage(Database);
        var study = await Study.OpenExistingAsync(storage, "demo");
        foreach (var trial in doc.RootElement.GetProperty("trials").EnumerateArray())
        {
            var config = CliConfig.FromJson(trial.GetProperty("params").GetRawText());
            Assert.Equal(study.Trials.Single(t => t.Number == trial.GetProperty("number").GetInt32()).Key, config.GetConfigKey());
        }

        var (_, csv, _) = await Run("export", "-s", Database, "--format", "csv");
        Assert.Equal(25, csv.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task Plots_are_valid_png_and_svg_files_with_their_titles()
    {
        var folder = Path.Combine(_folder, "plots");
        var (code, output, _) = await Run("plots", "-s", Database, "-o", folder);
        Assert.Equal(0, code);
        var expected = new[] { "history", "learning-curves", "importance", "parallel-coordinates", "slice-Depth", "slice-Kind", "slice-Gate", "slice-Rate" };
        foreach (var name in expected)
        {
            var png = File.ReadAllBytes(Path.Combine(folder, name + ".png"));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.True(png.Length > 10_000, $"{name}.png is only {png.Length} bytes");
            var svg = XDocument.Load(Path.Combine(folder, name + ".svg"));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            string title = name switch
            {
                "history" => "Optimization history",
                "learning-curves" => "Learning curves",
                "importance" => "Parameter importance",
                "parallel-coordinates" => "Parallel coordinates",
                _ => "Slice",
            };
            Assert.Contains(title, svg.ToString());
        }

        Assert.Contains("pruned (last reported value)", File.ReadAllText(Path.Combine(folder, "history.svg")));
        Assert.Contains("best so far", File.ReadAllText(Path.Combine(folder, "history.svg")));
        Assert.Equal(expected.Length * 2, output.Trim().Split('\n').Length);
    }

    private static List<string> SvgTexts(string file) =>
        XDocument.Load(file).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();

    [Fact]
    public async Task Parallel_coordinates_show_every_parameter_with_its_values_as_axis_labels()
    {
        var folder = Path.Combine(_folder, "pc");
        Assert.Equal(0, (await Run("plots", "-s", Database, "-o", folder, "--image", "svg")).Code);
        var texts = SvgTexts(Path.Combine(folder, "parallel-coordinates.svg"));
        var axes = new Dictionary<string, string[]>
        {
            ["Depth"] = ["1", "2", "3", "4"],
            ["Kind"] = ["Linear", "Deep"],
            ["Gate"] = ["false", "true"],
            ["Rate"] = ["0.1", "0.5"],
        };
        foreach (var (name, values) in axes)
        {
            Assert.Contains(name, texts);
            Assert.All(values, v => Assert.Contains(v, texts));
        }

        Assert.Single(texts, t => t == "(inactive)"); // Rate, the one conditional parameter
        Assert.Contains("score (lower is better)", texts); // the colour bar's label
        Assert.DoesNotContain(texts, t => t.Contains("value position", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Learning_curves_draw_every_reporting_trial_and_mark_the_pruned_ones()
    {
        var folder = Path.Combine(_folder, "lc");
        Assert.Equal(0, (await Run("plots", "-s", Database, "-o", folder, "--image", "svg")).Code);
        var svg = File.ReadAllText(Path.Combine(folder, "learning-curves.svg"));
        var texts = SvgTexts(Path.Combine(folder, "learning-curves.svg"));
        await using var storage = new StochasticMutatorTuner.Storage.SqliteStudyStorage(Database);
        var study = await Study.OpenExistingAsync(storage, "demo");
        int reporting = study.Trials.Count(t => t.IntermediateValues.Count > 0);
        Assert.Contains($"Learning curves: demo ({reporting} trials)", texts);
        Assert.Contains("best trial", texts);
        Assert.Contains("complete", texts);
        Assert.Contains("pruned (× where stopped)", texts);
        Assert.True(study.Trials.Any(t => t.State == StochasticMutatorTuner.Trials.TrialState.Pruned), "the study should have pruned trials");
        // One polyline per reporting trial (ScottPlot writes each scatter line as a path).
        Assert.True(Regex.Count(svg, "<path") >= reporting, $"{Regex.Count(svg, "<path")} paths for {reporting} curves");

        var slice = SvgTexts(Path.Combine(folder, "slice-Depth.svg"));
        Assert.All(new[] { "1", "2", "3", "4" }, v => Assert.Contains(v, slice)); // the first value's tick too
    }

    [Fact]
    public async Task Importance_says_when_there_are_too_few_complete_trials()
    {
        var options = new TunerOptions { ProjectDirectory = Path.Combine(_folder, "project"), StudyName = "few", MaxTrials = 3, Seed = 1, MaxConsecutiveFailures = null };
        await new Tuner<CliConfig>(options).SearchAsync((c, trial) => trial.Number < 3 ? throw new InvalidOperationException("boom") : c.Depth);
        var folder = Path.Combine(_folder, "few");
        Assert.Equal(0, (await Run("plots", "-s", Database, "--study", "few", "-o", folder, "--image", "svg")).Code);
        string text = string.Join(" ", SvgTexts(Path.Combine(folder, "importance.svg")));
        Assert.Contains("Too few complete trials to judge importance: 3 of 6 trials are complete with a score", text);
    }

    [Fact]
    public async Task The_html_report_is_the_dashboard_page_with_every_trial_inline()
    {
        var file = Path.Combine(_folder, "report.html");
        var (code, output, _) = await Run("report", "-s", Database, "-o", file);
        Assert.Equal(0, code);
        Assert.Contains("(24 trials)", output);
        var html = File.ReadAllText(file);
        var data = Regex.Match(html, "<script type=\"application/json\" id=\"smt-data\">(.*?)</script>", RegexOptions.Singleline);
        Assert.True(data.Success);
        using var doc = System.Text.Json.JsonDocument.Parse(data.Groups[1].Value);
        var trials = doc.RootElement.GetProperty("study").GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 24), trials.Select(t => t.GetProperty("n").GetInt32()));
        Assert.Contains(trials, t => t.TryGetProperty("error", out var e) && e.GetString()!.Contains("diverged <badly> & loudly", StringComparison.Ordinal));
        Assert.Equal(4, doc.RootElement.GetProperty("importance").GetProperty("parameters").GetArrayLength());
        Assert.DoesNotContain("<badly>", html); // escaped inside the JSON (\u003C), so it cannot close the script element
        Assert.Matches("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; [^\"]*script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;\">", html);
        Assert.DoesNotContain("<script src=", html);
        Assert.DoesNotContain("<link rel=\"stylesheet\"", html);
    }

    [Theory]
    [InlineData("missing-db", "error: No study database at")]
    [InlineData("missing-study", "has no study named 'nope'. Studies there: demo.")]
    [InlineData("empty-study", "has no trial with a score yet (0 trials); there is nothing to plot or report.")]
    [InlineData("bad-state", "Unknown state 'dead'")]
    [InlineData("garbage-file", "is not a SQLite database; it was left untouched.")]
    [InlineData("truncated-file", "is not a SQLite database or is corrupted; it was left untouched.")]
    [InlineData("missing-host", "the host 'no-such-host.invalid' was not found. Check the host name")]
    [InlineData("wrong-password", "the server refused the user name or password")]
    [InlineData("unwritable-output", "error: ")]
    public async Task Mistakes_give_one_clear_error_line_and_exit_code_1(string mistake, string message)
    {
        string garbage = Path.Combine(_folder, "notes.smt.db");
        string truncated = Path.Combine(_folder, "truncated.smt.db");
        if (mistake == "garbage-file")
        {
            File.WriteAllText(garbage, "these are my notes, not a database");
        }

        if (mistake == "truncated-file")
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var bytes = File.ReadAllBytes(Database);
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 3)]);
        }

        string blocked = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocked, "a file where the output folder would go");

        if (mistake == "empty-study")
        {
            await using var storage = new StochasticMutatorTuner.Storage.SqliteStudyStorage(Database);
            await Study.OpenAsync(storage, "empty", new StochasticMutatorTuner.Space.ConditionalSpaceResolver(CliConfig.SearchSpace), Direction.Minimize);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(mistake == "truncated-file" ? truncated : mistake == "garbage-file" ? garbage : Database);
        string plots = Path.Combine(_folder, "empty-plots");
        var (code, output, error) = mistake switch
        {
            "missing-db" => await Run("studies", "-s", Path.Combine(_folder, "nothing.db")),
            "missing-study" => await Run("best", "-s", Database, "--study", "nope"),
            "empty-study" => await Run("plots", "-s", Database, "--study", "empty", "-o", plots),
            "garbage-file" => await Run("studies", "-s", garbage),
            "truncated-file" => await Run("trials", "-s", truncated),
            "missing-host" => await Run("studies", "-s", "postgres://smt:secret@no-such-host.invalid:5432/studies"),
            "wrong-password" => await Run("studies", "-s", new Npgsql.NpgsqlConnectionStringBuilder(StochasticMutatorTuner.Tests.Support.TestPostgres.ServerConnectionString) { Password = "not-the-password" }.ConnectionString),
            "unwritable-output" => await Run("plots", "-s", Database, "-o", Path.Combine(blocked, "plots")),
            _ => await Run("trials", "-s", Database, "--state", "dead"),
        };

        Assert.Equal(1, code);
        Assert.Contains(message, error);
        Assert.Single(error.TrimEnd().Split('\n')); // one line, no stack trace
        Assert.Equal("", output);
        Assert.DoesNotContain("not-the-password", error);
        Assert.Equal(before, File.ReadAllBytes(mistake == "truncated-file" ? truncated : mistake == "garbage-file" ? garbage : Database));
        Assert.False(Directory.Exists(plots), "no empty plot is written");
        Assert.False(File.Exists(Path.Combine(_folder, "nothing.db")), "a missing database is not created");
    }
}
