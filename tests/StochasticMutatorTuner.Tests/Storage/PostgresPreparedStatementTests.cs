using Npgsql;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>
/// A worker sends the same statements for every trial; on PostgreSQL they are prepared once per connection, so the
/// server does not parse and plan them again each time. Observed in the server's own statement log of a throwaway
/// server: an unprepared statement is logged as <c>execute &lt;unnamed&gt;</c>, a prepared one under its name.
/// </summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class PostgresPreparedStatementTests
{
    [Fact]
    public async Task The_statements_of_every_trial_run_prepared_unless_the_location_turns_it_off()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand("ALTER SYSTEM SET log_min_duration_statement = 0; SELECT pg_reload_conf()", admin);
            await command.ExecuteNonQueryAsync();
        }

        var prepared = await LoggedReservationsAsync(server, server.ConnectionString, "prepared");
        var unprepared = await LoggedReservationsAsync(server, server.ConnectionString + ";Max Auto Prepare=0", "unprepared");

        // The first few executions are unprepared (Npgsql prepares a statement once it has seen it a few times).
        Assert.True(prepared.Named >= 20, $"of 30 reservations {prepared.Named} ran as a prepared statement ({prepared.Unnamed} unnamed)");
        Assert.Equal(0, unprepared.Named);
        Assert.True(unprepared.Unnamed >= 30, $"the log holds {unprepared.Unnamed} unnamed reservations of 30");
    }

    private static async Task<(int Named, int Unnamed)> LoggedReservationsAsync(ThrowawayPostgres server, string location, string study)
    {
        long logStart = new FileInfo(server.LogPath).Length;
        await using (var storage = PostgresStudyStorage.Open(location))
        {
            long studyId = (await storage.CreateOrOpenStudyAsync(new StudyDefinition(study, Direction.Minimize, "fp", "{}"))).Id;
            for (int i = 0; i < 30; i++)
            {
                int number = (await storage.ReserveTrialAsync(studyId, new TrialReservation($"k{i}", [], "w", DateTimeOffset.UtcNow, null))).Trial!.Number;
                await storage.FinishTrialAsync(studyId, number, TrialOutcome.Complete(i, null, DateTimeOffset.UtcNow));
            }
        }

        // The log is written by the server's own process; what this storage sent is logged before its answers came back.
        string log;
        await using (var stream = new FileStream(server.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(logStart, SeekOrigin.Begin);
            log = await new StreamReader(stream).ReadToEndAsync();
        }

        var reservations = log.Split('\n').Where(line => line.Contains("INSERT INTO smt_trials", StringComparison.Ordinal) && line.Contains(" execute ", StringComparison.Ordinal)).ToList();
        int unnamed = reservations.Count(line => line.Contains("execute <unnamed>", StringComparison.Ordinal));
        return (reservations.Count - unnamed, unnamed);
    }
}
