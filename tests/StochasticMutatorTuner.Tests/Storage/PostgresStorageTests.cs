using Npgsql;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Storage;

public class PostgresStorageTests
{
    [Fact]
    public async Task Passwords_never_reach_descriptions_or_error_messages()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Password = "Sup3r-Secret-Pa55" };
        await using var storage = PostgresStudyStorage.Open(builder.ConnectionString);
        Assert.DoesNotContain("Sup3r-Secret-Pa55", storage.Description);
        Assert.Contains(builder.Database!, storage.Description);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => storage.ListStudiesAsync().AsTask());
        Assert.DoesNotContain("Sup3r-Secret-Pa55", error.ToString());
    }

    [Fact]
    public void A_postgres_url_becomes_a_connection_string()
    {
        var text = PostgresStudyStorage.ToConnectionString("postgres://smt:p%40ss@db.example:6543/studies?Timeout=5");
        var builder = new NpgsqlConnectionStringBuilder(text);
        Assert.Equal(("db.example", 6543, "studies", "smt", "p@ss", 5), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.Timeout));
        Assert.True(StudyStorage.IsPostgres("postgresql://h/db"));
        Assert.True(StudyStorage.IsPostgres("Host=h;Database=d"));
        Assert.False(StudyStorage.IsPostgres("studies/tuner.smt.db"));
    }

    [Fact]
    public async Task A_url_opens_the_same_database_as_the_connection_string()
    {
        var b = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString);
        string url = $"postgres://{b.Username}:{Uri.EscapeDataString(b.Password ?? "")}@{b.Host}:{b.Port}/{b.Database}";
        string name = $"url-{Guid.NewGuid():N}";
        await using (var viaString = PostgresStudyStorage.Open(TestPostgres.ConnectionString))
        {
            await viaString.CreateOrOpenStudyAsync(new StudyDefinition(name, StochasticMutatorTuner.Direction.Minimize, "fp", "{}"));
        }

        await using var viaUrl = StudyStorage.Open(url);
        Assert.NotNull(await viaUrl.FindStudyAsync(name));
    }
}
