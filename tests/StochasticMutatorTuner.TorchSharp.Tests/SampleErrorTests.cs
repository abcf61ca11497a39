using System.Diagnostics;

namespace StochasticMutatorTuner.TorchSharp.Tests;

/// <summary>The quick-start sample, run as a user runs it (built by the solution build), with inputs that cannot work.</summary>
public sealed class SampleErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-sample-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string QuickStartDll()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "StochasticMutatorTuner.sln")))
        {
            root = root.Parent;
        }

        Assert.True(root is not null, "the repository root was not found above the test's folder");
        var bin = Path.Combine(root!.FullName, "samples", "QuickStart", "bin", "Release");
        var dll = Directory.Exists(bin) ? Directory.GetFiles(bin, "QuickStart.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() : null;
        Assert.True(dll is not null, $"The quick-start sample should have been built under {bin} (dotnet build StochasticMutatorTuner.sln -c Release).");
        return dll!;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(QuickStartDll());
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [Theory]
    [InlineData("missing-host", "error: PostgreSQL database studies on no-such-host.invalid:5432: the host 'no-such-host.invalid' was not found.")]
    [InlineData("garbage-file", "is not a SQLite database; it was left untouched. Choose another file.")]
    [InlineData("bad-number", "error: --trials needs a whole number (was 'many').")]
    public async Task The_quick_start_worker_ends_a_mistake_with_one_line_and_exit_code_1(string mistake, string message)
    {
        string garbage = Path.Combine(_folder, "notes.db");
        await File.WriteAllTextAsync(garbage, "these are my notes");
        var (code, _, error) = mistake switch
        {
            "missing-host" => await RunAsync("--storage", "postgres://smt:Secret-Pa55@no-such-host.invalid:5432/studies", "--study", "mlp", "--trials", "2"),
            "garbage-file" => await RunAsync("--storage", garbage, "--trials", "2"),
            _ => await RunAsync("--trials", "many"),
        };

        Assert.Equal(1, code);
        Assert.Contains(message, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("Secret-Pa55", error);
        Assert.Equal("these are my notes", await File.ReadAllTextAsync(garbage));
    }
}
