using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of a test's own (initdb + pg_ctl in a temporary folder, on a free loopback port), so a test
/// can restart or stop the server without touching the server the other tests share. Needs Debian's
/// <c>postgresql</c> package (which ./eng/test.sh installs); as root, the server runs as the <c>postgres</c> user.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _data;
    private readonly string _bin;

    private ThrowawayPostgres(string folder, string bin, int port)
    {
        _folder = folder;
        _data = Path.Combine(folder, "data");
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's log file.</summary>
    public string LogPath => Path.Combine(_folder, "log");

    /// <summary>A connection string of the cluster's database <c>smt</c> (user <c>smt</c>, trust authentication).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=smt;Database=smt";

    public static async Task<ThrowawayPostgres> StartAsync(int maxConnections = 100)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        Assert.True(bin is not null, "PostgreSQL's initdb was not found under /usr/lib/postgresql/*/bin: install the 'postgresql' package (./eng/test.sh does).");

        var folder = Directory.CreateTempSubdirectory("smt-pg-").FullName;
        var server = new ThrowawayPostgres(folder, bin!, FreePort());
        if (IsRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", folder);
        }

        await server.RunPgAsync("initdb", "-D", server._data, "-A", "trust", "-U", "smt", "--no-sync", "-E", "UTF8");
        await File.AppendAllTextAsync(Path.Combine(server._data, "postgresql.conf"),
            $"\nlisten_addresses = '127.0.0.1'\nport = {server.Port}\nunix_socket_directories = '{folder}'\nmax_connections = {maxConnections}\nfsync = off\n");
        await server.StartServerAsync();
        await server.RunPgAsync("createdb", "-h", "127.0.0.1", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "smt", "smt");
        return server;
    }

    /// <summary>Restarts the server (fast shutdown: every session is terminated, as an administrator's restart does).</summary>
    public Task RestartAsync() => RunPgAsync("pg_ctl", "-D", _data, "-m", "fast", "-w", "-l", LogPath, "restart");

    /// <summary>Stops the server (fast shutdown).</summary>
    public Task StopAsync() => RunPgAsync("pg_ctl", "-D", _data, "-m", "fast", "-w", "stop");

    /// <summary>Starts the server again after <see cref="StopAsync"/>.</summary>
    public Task StartServerAsync() => RunPgAsync("pg_ctl", "-D", _data, "-w", "-l", LogPath, "start");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunPgAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");
        }
        catch (Xunit.Sdk.XunitException)
        {
            // Already stopped.
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunPgAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
