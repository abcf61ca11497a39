using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Cli.Tests;

/// <summary><c>smt artifacts list|export</c> on real studies whose trials saved files.</summary>
public sealed class ArtifactsCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-cli-artifacts-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Project => Path.Combine(_folder, "project");

    private static byte[] Model(int trial) => Encoding.UTF8.GetBytes($"weights of trial {trial} " + new string('w', 1000 + trial));

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<SearchResult<CliConfig>> SearchAsync(TunerOptions options) =>
        await new Tuner<CliConfig>(options).SearchAsync(async (c, trial) =>
        {
            await trial.SaveArtifactAsync("model.safetensors", new MemoryStream(Model(trial.Number)));
            if (trial.Number % 2 == 0)
            {
                await trial.SaveArtifactAsync("notes.txt", new MemoryStream(Encoding.UTF8.GetBytes("even")));
            }

            trial.SetMetric("accuracy", 1.0 / (1 + c.Depth));
            return Math.Abs(c.Depth - 3) + (c.Kind == Kind.Deep ? 0 : 0.5) + (c.Gate ? c.Rate : 0.3);
        });

    [Fact]
    public async Task List_shows_every_artifact_and_export_writes_the_best_trials_files_and_config()
    {
        var result = await SearchAsync(new TunerOptions { ProjectDirectory = Project, StudyName = "demo", MaxTrials = 6, Seed = 3 });
        var best = result.BestTrial!;

        var (code, output, error) = await Run("artifacts", "list", "-s", Project);
        Assert.True(code == 0, error);
        var rows = output.Split('\n').Where(l => l.Contains("model.safetensors", StringComparison.Ordinal) || l.Contains("notes.txt", StringComparison.Ordinal)).ToList();
        Assert.Equal(6 + 3, rows.Count);
        Assert.All(rows, r => Assert.EndsWith("ok", r.TrimEnd()));
        Assert.Contains(Project, output); // where the files are

        (code, output, error) = await Run("artifacts", "list", "-s", Project, "--trial", "1");
        Assert.True(code == 0, error);
        Assert.Single(output.Split('\n'), l => l.Contains("model.safetensors", StringComparison.Ordinal));
        Assert.DoesNotContain("notes.txt", output);

        var target = Path.Combine(_folder, "export");
        (code, output, error) = await Run("artifacts", "export", "-s", Project, "-o", target);
        Assert.True(code == 0, error);
        Assert.Contains(Path.Combine(target, "config.json"), output);
        Assert.Equal(Model(best.Number), await File.ReadAllBytesAsync(Path.Combine(target, "model.safetensors")));
        Assert.Equal(best.Number % 2 == 0, File.Exists(Path.Combine(target, "notes.txt")));

        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(target, "config.json")));
        var root = config.RootElement;
        Assert.Equal(("demo", best.Number, "minimize", best.Score!.Value), (root.GetProperty("study").GetString(), root.GetProperty("trial").GetInt32(), root.GetProperty("direction").GetString(), root.GetProperty("score").GetDouble()));
        Assert.Equal(result.BestConfig!.ToJson(), root.GetProperty("config").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("config").GetProperty("Depth").ValueKind); // typed, not text
        Assert.Equal(best.Metrics["accuracy"], root.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Equal(Model(best.Number).Length, root.GetProperty("artifacts")[0].GetProperty("length").GetInt64());

        (code, _, error) = await Run("artifacts", "export", "-s", Project, "--trial", "4", "-o", Path.Combine(_folder, "four"));
        Assert.True(code == 0, error);
        Assert.Equal(Model(4), await File.ReadAllBytesAsync(Path.Combine(_folder, "four", "model.safetensors")));
    }

    [Fact]
    public async Task A_changed_or_missing_file_is_reported_in_one_line_and_nothing_half_copied_is_left()
    {
        var result = await SearchAsync(new TunerOptions { ProjectDirectory = Project, StudyName = "demo", MaxTrials = 3, Seed = 1 });
        var artifacts = result.Study.Artifacts;
        await File.WriteAllTextAsync(artifacts.PathOf(1, "model.safetensors"), "tampered");
        File.Delete(artifacts.PathOf(2, "model.safetensors"));

        var (code, output, error) = await Run("artifacts", "list", "-s", Project);
        Assert.Equal(0, code);
        Assert.EndsWith("missing", output.Split('\n').Single(l => l.StartsWith("2 ", StringComparison.Ordinal) && l.Contains("model", StringComparison.Ordinal)).TrimEnd());

        var target = Path.Combine(_folder, "out");
        (code, _, error) = await Run("artifacts", "export", "-s", Project, "--trial", "1", "-o", target);
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("is not the file trial 1 saved", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Empty(Directory.GetFiles(target, "model.safetensors*"));

        (code, _, error) = await Run("artifacts", "export", "-s", Project, "--trial", "2", "-o", target);
        Assert.Equal(1, code);
        Assert.Contains("Trial 2 of study 'demo' has no artifact 'model.safetensors'", error);

        (code, _, error) = await Run("artifacts", "export", "-s", Project, "--trial", "9", "-o", target);
        Assert.Equal((1, true), (code, error.Contains("has no trial 9", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task On_postgres_the_study_lists_its_artifacts_and_export_asks_for_the_shared_folder()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        string shared = Path.Combine(_folder, "shared");
        var result = await SearchAsync(new TunerOptions { StorageUrl = database.ConnectionString, StudyName = "pg", MaxTrials = 3, Seed = 2, ArtifactFolder = shared });

        var (code, output, error) = await Run("artifacts", "list", "-s", database.ConnectionString);
        Assert.True(code == 0, error);
        Assert.Contains("pass --artifacts DIR", output);
        Assert.Equal(3, output.Split('\n').Count(l => l.Contains("model.safetensors", StringComparison.Ordinal) && l.TrimEnd().EndsWith('?')));

        (code, _, error) = await Run("artifacts", "export", "-s", database.ConnectionString, "-o", Path.Combine(_folder, "x"));
        Assert.Equal(1, code);
        Assert.Contains("has no artifact folder", error);
        Assert.Contains("--artifacts", error);

        (code, _, error) = await Run("artifacts", "export", "-s", database.ConnectionString, "--artifacts", shared, "-o", Path.Combine(_folder, "x"));
        Assert.True(code == 0, error);
        Assert.Equal(Model(result.BestTrial!.Number), await File.ReadAllBytesAsync(Path.Combine(_folder, "x", "model.safetensors")));
    }
}
