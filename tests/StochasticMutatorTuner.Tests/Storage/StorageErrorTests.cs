using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>Storages that cannot be reached or used end a search with one line that names them and says what to do.</summary>
public sealed class StorageErrorTests
{
    private static Task<SearchResult<WorkerConfig>> SearchAsync(string location, int trials = 5) =>
        new Tuner<WorkerConfig>(new TunerOptions { StorageUrl = location, StudyName = "errors", MaxTrials = trials, Seed = 1 }).SearchAsync((c, _) => c.Loss());

    private static void AssertOneLine(StudyStorageException error, params string[] parts)
    {
        Assert.False(error.IsTransient);
        Assert.DoesNotContain('\n', error.Message);
        foreach (var part in parts)
        {
            Assert.Contains(part, error.Message);
        }
    }

    [Fact]
    public async Task A_postgres_host_that_does_not_exist_is_named_at_once()
    {
        var error = await Assert.ThrowsAsync<StudyStorageException>(() => SearchAsync("postgres://smt:Secret-Pa55@no-such-host.invalid:5432/studies"));
        AssertOneLine(error, "PostgreSQL database studies on no-such-host.invalid:5432", "the host 'no-such-host.invalid' was not found");
        Assert.DoesNotContain("Secret-Pa55", error.ToString());
    }

    [Fact]
    public async Task A_closed_port_is_reported_after_a_short_wait_with_host_and_port()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var error = await Assert.ThrowsAsync<StudyStorageException>(() => SearchAsync($"Host=127.0.0.1;Port={port};Username=smt;Password=x;Database=studies"));
        AssertOneLine(error, $"127.0.0.1:{port} refused the connection. Is the server running and listening on that port?", "Gave up opening study 'errors'");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_at_once_and_never_shown()
    {
        var location = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Password = "Wr0ng-Pa55word" }.ConnectionString;
        var error = await Assert.ThrowsAsync<StudyStorageException>(() => SearchAsync(location));
        AssertOneLine(error, "the server refused the user name or password", "Check the credentials");
        Assert.DoesNotContain("Wr0ng-Pa55word", error.ToString());
    }

    [Fact]
    public async Task A_full_disk_says_so_and_keeps_every_trial_finished_before()
    {
        var mount = Directory.CreateTempSubdirectory("smt-full-").FullName;
        await Mount.RunAsync("mount", "-t", "tmpfs", "-o", "size=384k", "tmpfs", mount);
        try
        {
            var database = Path.Combine(mount, "study.smt.db");
            var error = await Assert.ThrowsAsync<StudyStorageException>(() => SearchAsync(database, trials: 5000));
            AssertOneLine(error, database, "the disk is full. Free some space (the study is intact) and run again.");

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using var storage = StudyStorage.Open(database, readOnly: true);
            var trials = await storage.GetTrialsAsync((await storage.FindStudyAsync("errors"))!.Id);
            Assert.True(trials.Count(t => t.State == TrialState.Complete) > 5, $"only {trials.Count} trials fit before the disk was full");
            Assert.All(trials.Where(t => t.State == TrialState.Complete), t => Assert.NotNull(t.Score));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await Mount.RunAsync("umount", "--lazy", mount); // detached at once even if a pooled handle is still being closed
            Directory.Delete(mount);
        }
    }

    private static class Mount
    {
        public static async Task RunAsync(string file, params string[] args)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{file} failed ({error.Trim()}): the full-disk test mounts a small tmpfs and needs root, as ./eng/test.sh runs in CI.");
        }
    }
}
