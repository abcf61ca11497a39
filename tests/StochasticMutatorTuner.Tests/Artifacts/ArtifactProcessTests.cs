using System.Security.Cryptography;
using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Artifacts;

/// <summary>Artifacts written by separate worker processes: killed mid-write, and two at once on one study.</summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class ArtifactProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-artifact-workers-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string> Storages => new() { "sqlite", "postgres" };

    private string Location(string kind) => kind == "sqlite" ? Path.Combine(_folder, "shared.db") : TestPostgres.ConnectionString;

    private static async Task<byte[]> ReadAllAsync(Study study, int trial, string name)
    {
        await using var stream = study.Artifacts.OpenRead(trial, name);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string Sha(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    [Fact]
    public async Task A_worker_killed_in_the_middle_of_writing_leaves_no_partial_artifact_visible()
    {
        string location = Location("sqlite");
        string artifacts = Path.Combine(_folder, "artifacts");
        using (var doomed = TestWorkerProcess.Start("artifact-crash", location, "crash", artifacts))
        {
            string? line;
            while ((line = await doomed.StandardOutput.ReadLineAsync()) is not null && line != "writing")
            {
            }

            doomed.Kill(); // SIGKILL, half-way through both writes
            await doomed.WaitForExitAsync();
            Assert.True(line == "writing", $"the worker should have started both writes: {await doomed.StandardError.ReadToEndAsync()}");
        }

        await using var storage = StudyStorage.Open(location, readOnly: true);
        var study = await Study.OpenExistingAsync(storage, "crash");
        study.Artifacts.Folder = artifacts;
        var trialFolder = Path.GetDirectoryName(study.Artifacts.PathOf(1, "model.bin"))!;
        var hidden = Directory.GetFiles(trialFolder, ".*.tmp");
        Assert.Equal(2, hidden.Length); // the interrupted writes did reach the disk, under hidden names
        Assert.All(hidden, h => Assert.Equal(1 << 19, new FileInfo(h).Length));

        var listed = await study.Artifacts.ListAsync();
        Assert.Equal(new[] { (0, "model.bin"), (1, "model.bin") }, listed.Select(a => (a.TrialNumber, a.Name)));
        Assert.Equal(ArtifactContent.Of(1, 1 << 20), await ReadAllAsync(study, 1, "model.bin")); // the old content, whole
        Assert.Equal(Sha(ArtifactContent.Of(1, 1 << 20)), listed[1].Sha256);
        Assert.Equal(ArtifactContent.Of(0, 1 << 20), await ReadAllAsync(study, 0, "model.bin"));
        Assert.False(File.Exists(study.Artifacts.PathOf(1, "big.bin")));
        var error = Assert.Throws<ArtifactNotFoundException>(() => study.Artifacts.OpenRead(1, "big.bin"));
        Assert.Contains("has no artifact 'big.bin'", error.Message);
        Assert.Equal(TrialState.Running, study.Trials[1].State); // killed: it fails as stale later
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Two_workers_save_artifacts_for_one_study_and_keep_only_the_best_three_models(string kind)
    {
        string location = Location(kind);
        string name = $"artifact-workers-{Guid.NewGuid():N}";
        string artifacts = Path.Combine(_folder, "shared-artifacts");
        var outputs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => TestWorkerProcess.RunAsync("artifact-worker", location, name, "30", artifacts, "80")));
        Assert.All(outputs, o => Assert.Contains("done", o));

        await using var storage = StudyStorage.Open(location, readOnly: true);
        var study = await Study.OpenExistingAsync(storage, name);
        study.Artifacts.Folder = artifacts;
        var listed = await study.Artifacts.ListAsync();
        var complete = study.Trials.Where(t => t.State == TrialState.Complete).ToList();
        Assert.Equal(30, complete.Count);

        // Every trial's log, from both processes.
        var logs = listed.Where(a => a.Name == "log.txt").ToList();
        Assert.Equal(complete.Select(t => t.Number), logs.Select(a => a.TrialNumber));
        Assert.Equal(2, logs.Select(a => a.SavedBy).Distinct().Count());

        // The best three models are there, whole; at most one more (a trial of the other worker that was still
        // running when the last save judged the rest) may remain.
        var best = complete.OrderBy(t => t.Score).ThenBy(t => t.Number).Take(3).Select(t => t.Number).ToList();
        var models = listed.Where(a => a.Name == "model.bin").ToList();
        Assert.Subset(models.Select(a => a.TrialNumber).ToHashSet(), best.ToHashSet());
        Assert.InRange(models.Count, 3, 4);
        foreach (var model in models)
        {
            var bytes = await ReadAllAsync(study, model.TrialNumber, "model.bin");
            Assert.Equal(ArtifactContent.Of(model.TrialNumber), bytes);
            Assert.Equal((Sha(bytes), (long)bytes.Length), (model.Sha256, model.Length));
        }

        // The folder holds exactly what the study records: no orphan files, no half files.
        var files = Directory.EnumerateFiles(Path.Combine(artifacts, study.Info.Id.ToString()), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(artifacts, study.Info.Id.ToString()), f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(listed.Select(a => $"{a.TrialNumber}/{a.Name}").Order(StringComparer.Ordinal), files);
    }
}
