using System.Security.Cryptography;
using System.Text;
using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Artifacts;

/// <summary>Trial artifacts in a real SQLite study and a real folder beside it.</summary>
public sealed class ArtifactTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-artifacts-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private TunerOptions Options(int trials, string study = "artifacts") =>
        new() { ProjectDirectory = Path.Combine(_folder, "project"), StudyName = study, MaxTrials = trials, Seed = 3, MaxConsecutiveFailures = null };

    private static byte[] Content(int trial, int size = 5000) => Enumerable.Range(0, size).Select(i => (byte)((i * 31) + trial)).ToArray();

    /// <summary>Every visible (not hidden) file under the artifact folder, as trial/name.</summary>
    private static List<string> VisibleFiles(Study study) =>
        !Directory.Exists(study.Artifacts.Folder!)
            ? new List<string>()
            : Directory.EnumerateFiles(study.Artifacts.Folder!, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Select(f => Path.GetRelativePath(study.Artifacts.Folder!, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList();

    [Fact]
    public async Task A_trial_saves_a_file_beside_the_sqlite_study_and_it_is_listed_and_read_back()
    {
        var result = await new Tuner<SmallConfig>(Options(3)).SearchAsync(async (config, trial) =>
        {
            using var content = new MemoryStream(Content(trial.Number));
            var saved = await trial.SaveArtifactAsync("weights.bin", content);
            Assert.Equal((trial.Number, 5000L), (saved.TrialNumber, saved.Length));
            return config.Loss();
        });

        var study = result.Study;
        string database = Path.Combine(_folder, "project", TunerOptions.DefaultDatabaseFileName);
        Assert.Equal(database + ".artifacts", study.Artifacts.Folder);
        Assert.Equal(Path.Combine(database + ".artifacts", study.Info.Id.ToString(), "1", "weights.bin"), study.Artifacts.PathOf(1, "weights.bin"));

        await using var storage = new SqliteStudyStorage(database, readOnly: true);
        var reader = await Study.OpenExistingAsync(storage, "artifacts");
        var listed = await reader.Artifacts.ListAsync();
        Assert.Equal(new[] { 0, 1, 2 }, listed.Select(a => a.TrialNumber));
        Assert.All(listed, a => Assert.Equal(Convert.ToHexString(SHA256.HashData(Content(a.TrialNumber))).ToLowerInvariant(), a.Sha256));
        Assert.All(listed, a => Assert.StartsWith(Environment.MachineName + ":", a.SavedBy));
        Assert.Single(await reader.Artifacts.ListAsync(trialNumber: 2));
        await using var read = reader.Artifacts.OpenRead(2, "weights.bin");
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(Content(2), copy.ToArray());
    }

    [Theory]
    [InlineData("../escape.bin", "dot")]
    [InlineData("../../etc/passwd", "dot")]
    [InlineData("/etc/passwd", "path separator")]
    [InlineData("sub/model.bin", "path separator")]
    [InlineData("sub\\model.bin", "path separator")]
    [InlineData("C:model.bin", "path separator")]
    [InlineData(".hidden", "dot")]
    [InlineData("", "needs a name")]
    [InlineData("two words.txt", "' '")]
    [InlineData("naïve.bin", "'ï'")]
    public async Task Names_that_could_leave_the_trial_folder_or_hide_are_refused_with_the_reason(string name, string reason)
    {
        string? message = null;
        await new Tuner<SmallConfig>(Options(1)).SearchAsync(async (config, trial) =>
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => trial.SaveArtifactAsync(name, new MemoryStream(new byte[] { 1 })));
            message = error.Message;
            return config.Loss();
        });

        Assert.Contains($"Artifact name '{name}' is not allowed", message);
        Assert.Contains(reason, message);
        Assert.DoesNotContain(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories), f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.Contains(".db-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_refused()
    {
        Assert.Null(ArtifactNames.Problem(new string('a', ArtifactNames.MaxLength)));
        Assert.Contains("129 characters", ArtifactNames.Problem(new string('a', ArtifactNames.MaxLength + 1)));
    }

    [Fact]
    public async Task A_missing_artifact_gives_an_error_naming_the_trial_the_name_and_the_file()
    {
        var result = await new Tuner<SmallConfig>(Options(1)).SearchAsync((config, _) => config.Loss());

        var error = Assert.Throws<ArtifactNotFoundException>(() => result.Study.Artifacts.OpenRead(0, "model.safetensors"));
        Assert.Contains("Trial 0 of study 'artifacts' has no artifact 'model.safetensors'", error.Message);
        Assert.Contains(result.Study.Artifacts.PathOf(0, "model.safetensors"), error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.IsAssignableFrom<IOException>(error); // tools that report I/O errors in one line report this one too
    }

    [Fact]
    public async Task A_storage_without_a_default_folder_asks_for_one_and_saves_once_it_is_given()
    {
        var options = new TunerOptions { StorageUrl = "memory", StudyName = "in-memory", MaxTrials = 1 };
        string? message = null;
        await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            message = (await Assert.ThrowsAsync<InvalidOperationException>(() => trial.SaveArtifactAsync("a.bin", new MemoryStream(new byte[] { 1 })))).Message;
            return config.Loss();
        });
        Assert.Contains("has no artifact folder", message);
        Assert.Contains("TunerOptions.ArtifactFolder", message);

        options.ArtifactFolder = Path.Combine(_folder, "shared");
        options.MaxTrials = 2;
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            await trial.SaveArtifactAsync("a.bin", new MemoryStream(new byte[] { 7 }));
            return config.Loss();
        });
        Assert.True(File.Exists(Path.Combine(_folder, "shared", result.Study.Info.Id.ToString(), "1", "a.bin")));
    }

    [Fact]
    public async Task Saving_again_replaces_the_file_and_a_write_that_fails_leaves_the_old_one_and_no_leftovers()
    {
        var result = await new Tuner<SmallConfig>(Options(1)).SearchAsync(async (config, trial) =>
        {
            await trial.SaveArtifactAsync("model.bin", new MemoryStream(Content(1)));
            await trial.SaveArtifactAsync("model.bin", new MemoryStream(Content(2)));
            await Assert.ThrowsAsync<InvalidDataException>(() => trial.SaveArtifactAsync("model.bin", async (stream, ct) =>
            {
                await stream.WriteAsync(Content(3), ct);
                throw new InvalidDataException("the model diverged while it was being written");
            }));
            await Assert.ThrowsAsync<InvalidDataException>(() => trial.SaveArtifactAsync("other.bin", (_, _) => throw new InvalidDataException("no")));
            return config.Loss();
        });

        var study = result.Study;
        using var copy = new MemoryStream();
        await using (var read = study.Artifacts.OpenRead(0, "model.bin"))
        {
            await read.CopyToAsync(copy);
        }

        Assert.Equal(Content(2), copy.ToArray());
        Assert.Equal(new[] { "model.bin" }, Directory.GetFiles(Path.GetDirectoryName(study.Artifacts.PathOf(0, "model.bin"))!).Select(Path.GetFileName));
        await using var storage = new SqliteStudyStorage(Path.Combine(_folder, "project", TunerOptions.DefaultDatabaseFileName));
        var listed = (await storage.ListArtifactsAsync(study.Info.Id)).Single();
        Assert.Equal(("model.bin", Convert.ToHexString(SHA256.HashData(Content(2))).ToLowerInvariant()), (listed.Name, listed.Sha256));
    }

    [Fact]
    public async Task Keeping_the_best_three_keeps_exactly_the_best_three_and_never_more_than_three_files()
    {
        var counts = new List<(int Number, int Files)>();
        var result = await new Tuner<SmallConfig>(Options(16)).SearchAsync(async (config, trial) =>
        {
            counts.Add((trial.Number, VisibleFiles(trial.Study).Count));
            if (trial.Number == 5)
            {
                await trial.SaveArtifactAsync("model.bin", new MemoryStream(Content(5)));
                throw new InvalidOperationException("failed after saving"); // a failed trial's model never counts
            }

            double loss = config.Loss();
            await trial.Study.Artifacts.SaveIfAmongBestAsync(trial.Number, loss, "model.bin", 3, (s, ct) => s.WriteAsync(Content(trial.Number), ct).AsTask());
            return loss;
        });

        var study = result.Study;
        var ranked = study.Trials.Where(t => t.HasScore).OrderBy(t => t.Score).ThenBy(t => t.Number).Take(3).Select(t => t.Number).ToList();
        var best = ranked.Order().ToList();
        var listed = await study.Artifacts.ListAsync();
        Assert.Equal(best, listed.Select(a => a.TrialNumber));
        Assert.Equal(best.Select(n => $"{study.Info.Id}/{n}/model.bin"), VisibleFiles(study));
        // Bounded: the best three, plus (only until the next save) the model trial 5 saved outside the rule before failing.
        Assert.All(counts, c => Assert.InRange(c.Files, 0, c.Number == 6 ? 4 : 3));
        Assert.Equal(ranked[0], study.BestTrial!.Number); // so the best trial's model is always there
        Assert.Equal(TrialState.Failed, study.Trials[5].State);
    }

    [Fact]
    public async Task A_model_that_cannot_enter_the_best_k_is_not_written_and_keep_best_tidies_up_afterwards()
    {
        var saved = new List<(int Number, bool Saved)>();
        var options = Options(8);
        options.Direction = Direction.Maximize; // the best have the highest scores
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            double score = trial.Number; // every trial beats the ones before
            bool kept = await trial.Study.Artifacts.SaveIfAmongBestAsync(trial.Number, score, "model.bin", 2, (s, ct) => s.WriteAsync(Content(trial.Number), ct).AsTask());
            saved.Add((trial.Number, kept));
            await trial.SaveArtifactAsync("notes.txt", new MemoryStream(Encoding.UTF8.GetBytes($"trial {trial.Number}")));
            return score;
        });

        Assert.All(saved, s => Assert.True(s.Saved));
        var study = result.Study;
        Assert.Equal(new[] { 6, 7 }, (await study.Artifacts.ListAsync()).Where(a => a.Name == "model.bin").Select(a => a.TrialNumber));
        Assert.Equal(8, (await study.Artifacts.ListAsync()).Count(a => a.Name == "notes.txt")); // other names are left alone

        bool late = await study.Artifacts.SaveIfAmongBestAsync(3, -1, "model.bin", 2, (s, ct) => s.WriteAsync(Content(3), ct).AsTask());
        Assert.False(late);
        Assert.False(File.Exists(study.Artifacts.PathOf(3, "model.bin")));

        var deleted = await study.Artifacts.KeepBestAsync("model.bin", 1);
        Assert.Equal(new[] { 6 }, deleted.Select(a => a.TrialNumber));
        Assert.False(File.Exists(study.Artifacts.PathOf(6, "model.bin")));
        Assert.True(File.Exists(study.Artifacts.PathOf(6, "notes.txt")));
    }

    [Fact]
    public async Task A_study_opened_read_only_lists_and_reads_artifacts_but_refuses_to_save()
    {
        await new Tuner<SmallConfig>(Options(1)).SearchAsync(async (config, trial) =>
        {
            await trial.SaveArtifactAsync("a.bin", new MemoryStream(new byte[] { 1, 2 }));
            return config.Loss();
        });

        await using var storage = StudyStorage.Open(Path.Combine(_folder, "project", TunerOptions.DefaultDatabaseFileName), readOnly: true);
        var study = await Study.OpenExistingAsync(storage, "artifacts");
        var error = await Assert.ThrowsAsync<StudyStorageException>(() => study.Artifacts.SaveAsync(0, "b.bin", new MemoryStream(new byte[] { 3 })));
        Assert.Contains("read-only", error.Message);
        Assert.False(File.Exists(study.Artifacts.PathOf(0, "b.bin")));
        Assert.Equal("a.bin", (await study.Artifacts.ListAsync()).Single().Name);
    }
}
