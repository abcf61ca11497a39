using System.Diagnostics;
using System.Text;

namespace StochasticMutatorTuner.IntegrationTests;

/// <summary>
/// Packs the repository's packages once per test run, with a version of their own, into a local folder feed, and
/// creates consumer projects that restore from it. Builds are isolated (own artifacts and package folders), so
/// nothing here touches the repository's outputs or the user's NuGet cache; the cache only serves TorchSharp's
/// large native packages, read-only, as a fallback folder.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        Root = Directory.CreateTempSubdirectory("smt-it-").FullName;
        Feed = Path.Combine(Root, "feed");
        Version = $"0.1.0-it.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var result = Dotnet.Run(RepositoryRoot, "pack", Path.Combine(RepositoryRoot, "StochasticMutatorTuner.sln"), "-c", "Release",
            $"-p:Version={Version}", "--artifacts-path", Path.Combine(Root, "artifacts"), "-o", Feed);
        Assert.True(result.ExitCode == 0, "dotnet pack failed:\n" + result.Output);
    }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Copies a consumer template into a fresh folder outside the repository and points it at the feed.</summary>
    public string CreateConsumer(string template)
    {
        var folder = Path.Combine(Root, template + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var source = Path.Combine(AppContext.BaseDirectory, template);
        foreach (var file in Directory.GetFiles(source))
        {
            string name = Path.GetFileName(file);
            string text = File.ReadAllText(file).Replace("$(SmtVersion)", Version, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(folder, name.Replace(".csproj.template", ".csproj", StringComparison.Ordinal)), text);
        }

        string userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="smt-local" value="{Feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
              <fallbackPackageFolders>
                <add key="user-cache" value="{userPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StochasticMutatorTuner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with StochasticMutatorTuner.sln) was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs the dotnet CLI and captures its output.</summary>
public static class Dotnet
{
    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // The consumer must not inherit this test run's MSBuild state.
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["MSBUILDNOINPROCNODE"] = "1";
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output + "\n(killed after 15 minutes)");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }
}
