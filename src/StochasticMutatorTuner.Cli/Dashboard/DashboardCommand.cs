using System.CommandLine;
using System.Net;

namespace StochasticMutatorTuner.Cli.Dashboard;

/// <summary><c>smt dashboard</c>: serves the live page until Ctrl+C.</summary>
internal static class DashboardCommand
{
    public static Command Create(Option<string> storageOption, Option<string?> studyOption, TextWriter output, TextWriter error)
    {
        var host = new Option<string>("--host") { Description = "The address to listen on. The default, 127.0.0.1, is this machine only.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "The port; 0 picks a free one.", DefaultValueFactory = _ => 8080 };
        var allowRemote = new Option<bool>("--allow-remote")
        {
            Description = "Allow a --host that other machines can reach. Anyone who reaches it can read every study in the storage (names, configs, scores, metrics, error texts), without a login.",
        };
        var command = new Command("dashboard", "Serve a live web page that follows the studies in a storage as trials finish (read-only; Ctrl+C stops it).")
        {
            storageOption, studyOption, host, port, allowRemote,
        };
        command.SetAction((r, ct) => CliApp.Guarded(error, async () =>
        {
            var address = Address(r.GetValue(host)!);
            bool remote = !IPAddress.IsLoopback(address);
            if (remote && !r.GetValue(allowRemote))
            {
                throw new CliException($"--host {address} can be reached from other machines, and anyone who reaches it could read every study in the storage (names, configs, scores, metrics, error texts) without a login. Add --allow-remote to do that, or leave --host out for 127.0.0.1.");
            }

            await using var storage = StudySource.OpenStorage(r.GetValue(storageOption)!);
            string? study = r.GetValue(studyOption);
            if (study is not null)
            {
                await StudySource.OpenStudyAsync(storage, study, ct); // a missing study is an error now, not an empty page
            }

            await using var server = await DashboardServer.StartAsync(storage, address, r.GetValue(port), study, TimeSpan.FromSeconds(1), ct);
            output.WriteLine($"Dashboard of {storage.Description} at {server.Address} (read-only; Ctrl+C stops it).");
            if (remote)
            {
                output.WriteLine($"warning: listening on {address}: anyone who can reach this machine on port {server.Address.Port} can read every study in the storage, without a login.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("Dashboard stopped.");
            }

            return 0;
        }));
        return command;
    }

    private static IPAddress Address(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var address) ? address
        : throw new CliException($"--host '{host}' is not an IP address; use 127.0.0.1 (the default), ::1, or, with --allow-remote, 0.0.0.0 or this machine's address.");
}
