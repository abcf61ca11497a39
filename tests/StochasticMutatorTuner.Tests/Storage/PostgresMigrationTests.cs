using Npgsql;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>An older PostgreSQL schema, in a database of its own (made by that version's statements), read and migrated.</summary>
public class PostgresMigrationTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task An_older_schema_is_read_as_it_is_when_read_only_and_migrated_when_written(int version)
    {
        string server = TestPostgres.ServerConnectionString;
        string name = "smt_old_" + Guid.NewGuid().ToString("N")[..16]; // a generated identifier, never input
        await Admin(server, $"CREATE DATABASE {name}");
        string connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        try
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                foreach (var statement in OldSchema.Statements(PostgresStudyStorage.ColumnTypes, version))
                {
                    await using var command = new NpgsqlCommand(statement, connection);
                    await command.ExecuteNonQueryAsync();
                }
            }

            await using (var reader = PostgresStudyStorage.Open(connectionString, readOnly: true))
            {
                long id = (await reader.FindStudyAsync("s"))!.Id;
                Assert.Equal(OldSchema.Trials, OldSchema.Read(await reader.GetTrialsAsync(id)));
                Assert.Equal(OldSchema.Trials, OldSchema.Read((await reader.GetTrialChangesAsync(id, 0)).Trials));
            }

            Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), await Scalar(connectionString, "SELECT value FROM smt_meta WHERE key = 'schema_version'"));

            await using (var writer = PostgresStudyStorage.Open(connectionString))
            {
                long id = (await writer.FindStudyAsync("s"))!.Id;
                Assert.Null(await writer.ClaimPausedTrialAsync(id, 1, 1, "w2", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1))); // writes: migrates; nothing older was paused
                Assert.Equal(OldSchema.Trials, OldSchema.Read(await writer.GetTrialsAsync(id)));
                Assert.Equal(OldSchema.Trials, OldSchema.Read((await writer.GetTrialChangesAsync(id, 0)).Trials));
            }

            Assert.Equal(DbSchema.Current.ToString(System.Globalization.CultureInfo.InvariantCulture), await Scalar(connectionString, "SELECT value FROM smt_meta WHERE key = 'schema_version'"));
            Assert.Equal("2", await Scalar(connectionString, "SELECT COUNT(*) FROM smt_trials WHERE paused = 0"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Admin(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task A_schema_from_a_newer_version_is_refused()
    {
        string server = TestPostgres.ServerConnectionString;
        string name = "smt_new_" + Guid.NewGuid().ToString("N")[..16];
        await Admin(server, $"CREATE DATABASE {name}");
        string connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        try
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                foreach (var statement in OldSchema.Statements(PostgresStudyStorage.ColumnTypes, DbSchema.Current).Append("UPDATE smt_meta SET value = '99' WHERE key = 'schema_version'"))
                {
                    await using var command = new NpgsqlCommand(statement, connection);
                    await command.ExecuteNonQueryAsync();
                }
            }

            await using var newer = PostgresStudyStorage.Open(connectionString);
            var error = await Assert.ThrowsAsync<StudyStorageException>(() => newer.ListStudiesAsync().AsTask());
            Assert.Contains("schema 99", error.Message);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Admin(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static async Task Admin(string server, string sql)
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
