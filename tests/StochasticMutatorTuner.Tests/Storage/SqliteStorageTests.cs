using StochasticMutatorTuner.Storage;

namespace StochasticMutatorTuner.Tests.Storage;

public sealed class SqliteStorageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-sqlite-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("plain text, not a database")]
    [InlineData("SQLite format 2\0 with a wrong header")]
    public void A_file_that_is_not_a_database_is_refused_and_left_untouched(string content)
    {
        var path = Path.Combine(_folder, "notes.db");
        File.WriteAllText(path, content);
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<StudyStorageException>(() => new SqliteStudyStorage(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a SQLite database", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder)); // no -wal or -shm files were created beside it
    }

    [Fact]
    public async Task A_corrupted_database_is_refused_with_a_clear_error()
    {
        var path = Path.Combine(_folder, "corrupt.db");
        await using (var storage = new SqliteStudyStorage(path))
        {
            await storage.CreateOrOpenStudyAsync(new StudyDefinition("s", StochasticMutatorTuner.Direction.Minimize, "fp", "{}"));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(path);
        for (int i = 100; i < bytes.Length; i++)
        {
            bytes[i] = 0xEE; // keep the header, destroy every page
        }

        File.WriteAllBytes(path, bytes);
        await using var broken = new SqliteStudyStorage(path);
        var error = await Assert.ThrowsAsync<StudyStorageException>(() => broken.ListStudiesAsync().AsTask());
        Assert.Contains(path, error.Message);
        Assert.Contains("corrupted", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task The_file_and_its_folder_are_created_on_first_use_and_trials_survive_reopening()
    {
        var path = Path.Combine(_folder, "a", "b", "study.db");
        long id;
        await using (var storage = new SqliteStudyStorage(path))
        {
            var study = await storage.CreateOrOpenStudyAsync(new StudyDefinition("s", StochasticMutatorTuner.Direction.Minimize, "fp", "{}"));
            id = study.Id;
            var t = (await storage.ReserveTrialAsync(id, new TrialReservation("k", Array.Empty<KeyValuePair<string, string>>(), "w", DateTimeOffset.UtcNow))).Trial!;
            await storage.FinishTrialAsync(id, t.Number, TrialOutcome.Complete(0.5, null, DateTimeOffset.UtcNow));
        }

        Assert.True(File.Exists(path));
        await using var reopened = new SqliteStudyStorage(path);
        var trial = (await reopened.GetTrialsAsync(id)).Single();
        Assert.Equal((StochasticMutatorTuner.Trials.TrialState.Complete, 0.5), (trial.State, trial.Score!.Value));
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused()
    {
        var path = Path.Combine(_folder, "future.db");
        await using (var storage = new SqliteStudyStorage(path))
        {
            await storage.ListStudiesAsync();
        }

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE smt_meta SET value = '99' WHERE key = 'schema_version'";
            await command.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var newer = new SqliteStudyStorage(path);
        var error = await Assert.ThrowsAsync<StudyStorageException>(() => newer.ListStudiesAsync().AsTask());
        Assert.Contains("schema 99", error.Message);
    }

    [Fact]
    public async Task A_schema_2_database_is_read_as_it_is_when_read_only_and_migrated_to_artifacts_when_written()
    {
        var path = Path.Combine(_folder, "v2.db");
        long id;
        await using (var storage = new SqliteStudyStorage(path))
        {
            id = (await storage.CreateOrOpenStudyAsync(new StudyDefinition("s", StochasticMutatorTuner.Direction.Minimize, "fp", "{}"))).Id;
            var t = (await storage.ReserveTrialAsync(id, new TrialReservation("k", Array.Empty<KeyValuePair<string, string>>(), "w", DateTimeOffset.UtcNow))).Trial!;
            await storage.FinishTrialAsync(id, t.Number, TrialOutcome.Complete(0.25, null, DateTimeOffset.UtcNow));
        }

        // Schema 3 only added the artifacts table: without it, and with version 2, the file is what schema 2 wrote.
        await Execute(path, "DROP TABLE smt_artifacts", "UPDATE smt_meta SET value = '2' WHERE key = 'schema_version'");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(path);
        await using (var reader = new SqliteStudyStorage(path, readOnly: true))
        {
            Assert.Empty(await reader.ListArtifactsAsync(id));
            Assert.Equal(0.25, (await reader.GetTrialsAsync(id)).Single().Score);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(path));

        await using (var writer = new SqliteStudyStorage(path))
        {
            await writer.RecordArtifactAsync(id, new StochasticMutatorTuner.Artifacts.ArtifactInfo(0, "model.safetensors", 3, "ab", DateTimeOffset.UtcNow, "h:1"));
            Assert.Equal("model.safetensors", (await writer.ListArtifactsAsync(id)).Single().Name);
            Assert.Equal(0.25, (await writer.GetTrialsAsync(id)).Single().Score);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal("3", await Scalar(path, "SELECT value FROM smt_meta WHERE key = 'schema_version'"));
    }

    private static async Task Execute(string path, params string[] statements)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string?> Scalar(string path, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    /// <summary>A refresh reads what changed since its cursor; its per-step values must come from those trials, not from a walk over the whole study.</summary>
    [Fact]
    public async Task The_values_of_changed_trials_are_looked_up_from_the_changed_trials_by_index()
    {
        var path = Path.Combine(_folder, "plan.db");
        await using (var storage = new SqliteStudyStorage(path))
        {
            var info = await storage.CreateOrOpenStudyAsync(new StudyDefinition("s", StochasticMutatorTuner.Direction.Minimize, "fp", "{}"));
            for (int i = 0; i < 3; i++)
            {
                var trial = (await storage.ReserveTrialAsync(info.Id, new TrialReservation($"k{i}", [], "w", DateTimeOffset.UtcNow, null))).Trial!;
                await storage.ReportIntermediateAsync(info.Id, trial.Number, new StochasticMutatorTuner.Trials.IntermediateValue(1, 0.5), DateTimeOffset.UtcNow);
            }

            var changes = await storage.GetTrialChangesAsync(info.Id, 0);
            Assert.All(changes.Trials, t => Assert.Single(t.IntermediateValues)); // the query this test plans is the one that read them
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + DbTrialRows.ValuesSql("t.study_id = @id AND t.revision > @since");
        command.Parameters.AddWithValue("@id", 1);
        command.Parameters.AddWithValue("@since", 0);
        var steps = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(3));
            }
        }

        // First the changed trials by the revision index, then each one's values by its primary key (study, number).
        Assert.StartsWith("SEARCH t USING INDEX smt_trials_revision", steps[0]);
        Assert.Contains(steps, s => s.StartsWith("SEARCH v USING", StringComparison.Ordinal) && s.Contains("number=?", StringComparison.Ordinal));
    }
}
