namespace StochasticMutatorTuner.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: SMT_TEST_POSTGRES, which ./eng/test.sh (and so .ci/run) sets after starting
/// a local server. Without it the PostgreSQL tests fail, with this message: they are never skipped.
/// </summary>
internal static class TestPostgres
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SMT_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("SMT_TEST_POSTGRES is not set. Run the tests with ./eng/test.sh, which starts a local PostgreSQL server, or set it to an Npgsql connection string of a database the tests may write to.");
}
