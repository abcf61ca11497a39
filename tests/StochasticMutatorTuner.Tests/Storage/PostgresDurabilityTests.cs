using Npgsql;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>
/// On PostgreSQL a per-step report must not wait for the server's WAL flush (a training reports every epoch), while
/// reservations and finishes must. Observed on a throwaway server of its own through <c>pg_stat_wal.wal_write</c>:
/// a synchronous commit makes its own backend write the WAL; an asynchronous one leaves it to the WAL writer.
/// </summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class PostgresDurabilityTests
{
    [Fact]
    public async Task Reports_commit_without_waiting_for_the_wal_flush_and_finishes_wait_for_it()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        long studyId;
        int running;
        await using (var storage = PostgresStudyStorage.Open(server.ConnectionString))
        {
            studyId = (await storage.CreateOrOpenStudyAsync(new StudyDefinition("wal", Direction.Minimize, "fp", "{}"))).Id;
            running = (await storage.ReserveTrialAsync(studyId, new TrialReservation("reporting", [], "w", DateTimeOffset.UtcNow, null))).Trial!.Number;
        }

        long before = await BackendWalWritesAsync(server.ConnectionString);
        await using (var storage = PostgresStudyStorage.Open(server.ConnectionString))
        {
            for (int step = 1; step <= 40; step++)
            {
                await storage.ReportIntermediateAsync(studyId, running, new IntermediateValue(step, 1.0 / step), DateTimeOffset.UtcNow);
            }
        }

        long afterReports = await BackendWalWritesAsync(server.ConnectionString);
        await using (var storage = PostgresStudyStorage.Open(server.ConnectionString))
        {
            for (int i = 0; i < 20; i++)
            {
                int number = (await storage.ReserveTrialAsync(studyId, new TrialReservation($"k{i}", [], "w", DateTimeOffset.UtcNow, null))).Trial!.Number;
                await storage.FinishTrialAsync(studyId, number, TrialOutcome.Complete(i, null, DateTimeOffset.UtcNow));
            }

            var changes = await storage.GetTrialChangesAsync(studyId, 0);
            Assert.Equal(40, changes.Trials.Single(t => t.Number == running).IntermediateValues.Count); // every report is stored
        }

        long afterFinishes = await BackendWalWritesAsync(server.ConnectionString);
        Assert.True(afterReports - before < 20, $"40 reports made the backends write the WAL {afterReports - before} times: they waited for the flush");
        Assert.True(afterFinishes - afterReports >= 40, $"20 reservations and 20 finishes made the backends write the WAL only {afterFinishes - afterReports} times: they did not wait for the flush");
    }

    /// <summary>The WAL writes counted so far, once every other session has ended (a backend reports its counts when it exits).</summary>
    private static async Task<long> BackendWalWritesAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (int attempt = 0; attempt < 200; attempt++)
        {
            await using var others = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()", connection);
            if ((long)(await others.ExecuteScalarAsync())! == 0)
            {
                break;
            }

            await Task.Delay(50);
        }

        await using var command = new NpgsqlCommand("SELECT pg_stat_clear_snapshot(); SELECT wal_write FROM pg_stat_wal", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0);
    }
}
