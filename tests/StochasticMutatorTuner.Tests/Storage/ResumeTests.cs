using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Storage;

public sealed class ResumeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-resume-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static SearchSpace Space(params object[] kinds) => new(new[]
    {
        new ParameterSpec("lr", new object[] { 0.001, 0.01, 0.1 }, ordered: true),
        new ParameterSpec("kind", kinds),
    });

    private async Task<IStudyStorage> SeededAsync(string name)
    {
        var storage = new SqliteStudyStorage(Path.Combine(_folder, "s.db"));
        var study = await Study.OpenAsync(storage, name, new ConditionalSpaceResolver(Space("a", "b")), Direction.Minimize);
        foreach (var genome in new[] { new[] { 0, 0 }, new[] { 2, 1 } })
        {
            var space = study.Space;
            var values = space.ActiveValues(genome).Select(p => new KeyValuePair<string, string>(p.Key, ParamValues.Format(p.Value))).ToArray();
            var t = (await storage.ReserveTrialAsync(study.Info.Id, new TrialReservation(space.KeyOf(genome).ToString(), values, "w", DateTimeOffset.UtcNow))).Trial!;
            await storage.FinishTrialAsync(study.Info.Id, t.Number, TrialOutcome.Complete(genome[0], null, DateTimeOffset.UtcNow));
        }

        return storage;
    }

    [Fact]
    public async Task An_added_choice_resumes_cleanly_with_the_same_keys_and_best()
    {
        await using var storage = await SeededAsync("grow");
        var study = await Study.OpenAsync(storage, "grow", new ConditionalSpaceResolver(Space("c", "a", "b")), Direction.Minimize);

        Assert.Equal(2, study.Trials.Count);
        Assert.Equal("a", study.BestTrial!.Params["kind"]);
        Assert.Equal(study.Space.KeyOf(study.BestTrial.Genome.ToArray()), study.BestTrial.Key);
        Assert.Equal(1, study.BestTrial.Genome[1]); // "a" moved to index 1 in the new space
        Assert.Equal(study.Space.Fingerprint, (await storage.FindStudyAsync("grow"))!.SpaceFingerprint);
    }

    [Fact]
    public async Task An_incompatible_change_stops_with_a_message_saying_what_changed()
    {
        await using var storage = await SeededAsync("shrink");
        var error = await Assert.ThrowsAsync<StudySpaceMismatchException>(() =>
            Study.OpenAsync(storage, "shrink", new ConditionalSpaceResolver(Space("a")), Direction.Minimize));

        Assert.Contains("study 'shrink'", error.Message);
        Assert.Contains("parameter 'kind' lost the value(s) b", error.Message);
        Assert.Contains("StartNewStudy", error.Message);
        Assert.Equal(2, (await storage.GetTrialsAsync((await storage.FindStudyAsync("shrink"))!.Id)).Count); // nothing lost
    }

    [Fact]
    public async Task Start_new_study_keeps_the_old_one_and_runs_beside_it()
    {
        await using var storage = await SeededAsync("renamed");
        var study = await Study.OpenAsync(storage, "renamed", new ConditionalSpaceResolver(Space(1, 2)), Direction.Minimize, SpaceMismatchPolicy.StartNewStudy);

        Assert.StartsWith("renamed@", study.Name);
        Assert.Empty(study.Trials);
        Assert.Equal(2, (await storage.GetTrialsAsync((await storage.FindStudyAsync("renamed"))!.Id)).Count);
    }

    [Fact]
    public async Task The_other_direction_is_refused()
    {
        await using var storage = await SeededAsync("direction");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Study.OpenAsync(storage, "direction", new ConditionalSpaceResolver(Space("a", "b")), Direction.Maximize));
        Assert.Contains("created to minimize", error.Message);
    }
}
