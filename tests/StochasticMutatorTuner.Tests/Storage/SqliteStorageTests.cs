using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;

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

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task An_older_database_is_read_as_it_is_when_read_only_and_migrated_when_written(int version)
    {
        var path = Path.Combine(_folder, $"v{version}.db");
        await Execute(path, OldSchema.Statements(SqliteStudyStorage.ColumnTypes, version).ToArray());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(path);
        await using (var reader = new SqliteStudyStorage(path, readOnly: true))
        {
            long id = (await reader.FindStudyAsync("s"))!.Id;
            Assert.Empty(await reader.ListArtifactsAsync(id));
            Assert.Equal(OldSchema.Trials, OldSchema.Read(await reader.GetTrialsAsync(id)));
            Assert.Equal(OldSchema.Trials, OldSchema.Read((await reader.GetTrialChangesAsync(id, 0)).Trials));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(path));

        await using (var writer = new SqliteStudyStorage(path))
        {
            long id = (await writer.FindStudyAsync("s"))!.Id;
            await writer.RecordArtifactAsync(id, new StochasticMutatorTuner.Artifacts.ArtifactInfo(0, "model.safetensors", 3, "ab", DateTimeOffset.UtcNow, "h:1"));
            Assert.Equal("model.safetensors", (await writer.ListArtifactsAsync(id)).Single().Name);
            Assert.Equal(OldSchema.Trials, OldSchema.Read(await writer.GetTrialsAsync(id)));
            Assert.Null(await writer.ClaimPausedTrialAsync(id, 1, 1, "w2", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1))); // nothing older was paused
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(DbSchema.Current.ToString(System.Globalization.CultureInfo.InvariantCulture), await Scalar(path, "SELECT value FROM smt_meta WHERE key = 'schema_version'"));
        Assert.Equal("2", await Scalar(path, "SELECT COUNT(*) FROM smt_trials WHERE paused = 0"));
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
