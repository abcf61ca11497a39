using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Cli.Tests;

/// <summary>smt only reads: it never writes a study, so it works on files and roles that may not write.</summary>
public sealed class ReadOnlyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-ro-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task Every_reading_command_leaves_the_study_file_byte_for_byte_unchanged()
    {
        var project = Path.Combine(_folder, "project");
        await new Tuner<CliConfig>(new TunerOptions { ProjectDirectory = project, StudyName = "demo", MaxTrials = 10, Seed = 2 }).SearchAsync((c, _) => c.Depth);
        SqliteConnection.ClearAllPools(); // the search's connections close and checkpoint the WAL into the file
        var database = Path.Combine(project, TunerOptions.DefaultDatabaseFileName);
        string before = Hash(database);

        foreach (var command in new[] { new[] { "studies" }, ["trials"], ["best", "--json"], ["importance"], ["export", "-o", Path.Combine(_folder, "e.json")], ["plots", "-o", Path.Combine(_folder, "plots")], ["report", "-o", Path.Combine(_folder, "r.html")], ["artifacts", "list"] })
        {
            var (code, _, error) = await Run([.. command, "-s", database]);
            Assert.True(code == 0, $"smt {string.Join(' ', command)}: {error}");
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Hash(database));
    }

    [Fact]
    public async Task A_study_file_of_schema_1_is_read_as_it_is_without_being_migrated()
    {
        var database = Path.Combine(_folder, "old.smt.db");
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
            {
                "CREATE TABLE smt_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                "INSERT INTO smt_meta VALUES ('schema_version', '1')",
                "CREATE TABLE smt_studies (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, direction TEXT NOT NULL, space_fingerprint TEXT NOT NULL, space_json TEXT NOT NULL, created_at INTEGER NOT NULL, revision INTEGER NOT NULL)",
                "CREATE TABLE smt_trials (study_id INTEGER NOT NULL REFERENCES smt_studies (id), number INTEGER NOT NULL, key TEXT NOT NULL, params_json TEXT NOT NULL, state TEXT NOT NULL, score REAL, metrics_json TEXT NOT NULL, started_at INTEGER NOT NULL, finished_at INTEGER, heartbeat_at INTEGER, error TEXT, worker_id TEXT, revision INTEGER NOT NULL, PRIMARY KEY (study_id, number), UNIQUE (study_id, key))",
                "CREATE TABLE smt_trial_values (study_id INTEGER NOT NULL, number INTEGER NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (study_id, number, step))",
                $"INSERT INTO smt_studies VALUES (1, 'legacy', 'minimize', '{CliConfig.SearchSpace.Fingerprint}', '{StochasticMutatorTuner.Space.SpaceDescription.ToJson(CliConfig.SearchSpace).Replace("'", "''", StringComparison.Ordinal)}', 0, 3)",
                "INSERT INTO smt_trials VALUES (1, 0, 'aaaaaaaaaaaaaaaa', '{\"Depth\":\"2\",\"Kind\":\"Linear\",\"Gate\":\"false\"}', 'complete', 0.5, '{}', 1000, 2000, 2000, NULL, 'w', 1)",
                "INSERT INTO smt_trials VALUES (1, 1, 'bbbbbbbbbbbbbbbb', '{\"Depth\":\"3\",\"Kind\":\"Deep\",\"Gate\":\"false\"}', 'failed', NULL, '{}', 1000, 2000, 2000, 'cancelled', 'w', 2)",
                "INSERT INTO smt_trial_values VALUES (1, 0, 1, 0.75)",
            })
            {
                await using var command = new SqliteCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        SqliteConnection.ClearAllPools();
        string before = Hash(database);
        var (code, output, error) = await Run("trials", "-s", database);

        Assert.True(code == 0, error);
        Assert.Contains("complete", output);
        Assert.Contains("failed", output);
        (code, output, error) = await Run("artifacts", "list", "-s", database);
        Assert.True(code == 0, error);
        Assert.Contains("has no artifacts", output); // a schema older than artifacts has none, and is not migrated to get the table
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Hash(database));
    }

    [Fact]
    public async Task Studies_names_running_trials_whose_workers_stopped_sending_heartbeats()
    {
        var database = Path.Combine(_folder, "stale.smt.db");
        await using (var storage = new StochasticMutatorTuner.Storage.SqliteStudyStorage(database))
        {
            var space = CliConfig.SearchSpace;
            var info = await storage.CreateOrOpenStudyAsync(new StochasticMutatorTuner.Storage.StudyDefinition("abandoned", Direction.Minimize, space.Fingerprint, StochasticMutatorTuner.Space.SpaceDescription.ToJson(space)));
            var none = Array.Empty<KeyValuePair<string, string>>();
            await storage.ReserveTrialAsync(info.Id, new StochasticMutatorTuner.Storage.TrialReservation("00000000000000a0", none, "dead", DateTimeOffset.UtcNow.AddHours(-1)) { StaleAfter = TimeSpan.FromMinutes(1) });
            await storage.ReserveTrialAsync(info.Id, new StochasticMutatorTuner.Storage.TrialReservation("00000000000000a1", none, "alive", DateTimeOffset.UtcNow) { StaleAfter = TimeSpan.FromMinutes(1) });
        }

        SqliteConnection.ClearAllPools();
        var (code, output, error) = await Run("studies", "-s", database);

        Assert.True(code == 0, error);
        Assert.Contains("Study 'abandoned': 1 running trial(s) (#0) have sent no heartbeat", output);
    }

    [Fact]
    public async Task A_postgres_role_that_may_only_select_can_read_studies()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await new Tuner<CliConfig>(new TunerOptions { StorageUrl = database.ConnectionString, StudyName = "shared", MaxTrials = 6, Seed = 1 }).SearchAsync((c, _) => c.Depth);
        string role = "smt_reader_" + Guid.NewGuid().ToString("N")[..10];
        await using (var admin = new NpgsqlConnection(database.ConnectionString))
        {
            await admin.OpenAsync();
            // Generated identifiers, not input.
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD 'reader'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};", admin);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var reader = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "reader" }.ConnectionString;
            var (code, output, error) = await Run("studies", "-s", reader);
            Assert.True(code == 0, error);
            Assert.Contains("shared", output);
            Assert.Equal(0, (await Run("trials", "-s", reader, "--study", "shared")).Code);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(database.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}; DROP ROLE {role};", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
