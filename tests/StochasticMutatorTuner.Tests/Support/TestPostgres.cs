using Npgsql;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>
/// The PostgreSQL database the tests use: a database of this test run's own, created on the server that
/// SMT_TEST_POSTGRES names (./eng/test.sh, and so .ci/run, sets it after starting a local server) and dropped when
/// the run ends, so runs of different branches or schema versions never share tables. Without SMT_TEST_POSTGRES the
/// PostgreSQL tests fail with the message below: they are never skipped.
/// </summary>
internal static class TestPostgres
{
    private static readonly Lazy<string> Database = new(CreateDatabase, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The server's connection string as given (its database is used only to create and drop ours).</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("SMT_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("SMT_TEST_POSTGRES is not set. Run the tests with ./eng/test.sh, which starts a local PostgreSQL server, or set it to an Npgsql connection string of a role that may create databases.");

    /// <summary>A connection string of this run's own database.</summary>
    public static string ConnectionString => Database.Value;

    private static string CreateDatabase()
    {
        string server = ServerConnectionString;
        string name = "smt_run_" + Guid.NewGuid().ToString("N")[..16]; // a generated identifier, never input
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                NpgsqlConnection.ClearAllPools();
                using var admin = new NpgsqlConnection(server);
                admin.Open();
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                drop.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // The server went away first; the database is left behind, harmlessly.
            }
        };
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
