using System.Diagnostics;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>Starts the TestWorker program (built beside this test project) as a separate process.</summary>
internal static class TestWorkerProcess
{
    public static string DllPath
    {
        get
        {
            // .../tests/<test project>/bin/<Configuration>/net10.0/ → the worker's matching folder.
            var parts = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
            parts[Array.LastIndexOf(parts, "bin") - 1] = "StochasticMutatorTuner.TestWorker";
            var path = string.Join(Path.DirectorySeparatorChar, parts);
            var dll = Path.Combine(path, "StochasticMutatorTuner.TestWorker.dll");
            Assert.True(File.Exists(dll), $"The test worker should have been built to {dll}.");
            return dll;
        }
    }

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the test worker");
    }

    public static async Task<string> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"worker exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
