using System.Text.RegularExpressions;

namespace StochasticMutatorTuner.IntegrationTests;

/// <summary>
/// The packages the way the README's Install section gets them: the repository is cloned at HEAD into a temporary
/// folder and <c>eng/pack.sh</c> there packs every package into a folder feed and prints the nuget.config and the
/// commands to use, which the tests then follow. The clone also gets the working tree's uncommitted changes to
/// tracked files, so a developer's edits are what is tested; untracked files are left out, as from any clone (CI
/// has neither). The version is one of this run's own; consumers restore into their own package folder and use
/// the user's NuGet cache only as a read-only fallback for TorchSharp's large native packages.
/// </summary>
public sealed partial class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        Root = Directory.CreateTempSubdirectory("smt-it-").FullName;
        Version = $"0.1.0-it.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var clone = Path.Combine(Root, "repo");
        CloneAtHead(clone);

        Feed = Path.Combine(Root, "feed");
        var pack = ProcessRunner.Run("bash", clone, "eng/pack.sh", "--version", Version, "--output", Feed);
        Assert.True(pack.ExitCode == 0, "eng/pack.sh failed:\n" + pack.Output);
        PackOutput = pack.Output;
        int start = PackOutput.IndexOf("<?xml", StringComparison.Ordinal);
        int end = PackOutput.IndexOf("</configuration>", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "eng/pack.sh printed no nuget.config:\n" + PackOutput);
        NuGetConfig = PackOutput[start..(end + "</configuration>".Length)] + "\n";

        // Settings for everything below Root (NuGet reads the config files of every parent folder), apart from the
        // printed nuget.config that each consumer gets as a user would.
        string userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(Root, "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
              <fallbackPackageFolders>
                <add key="user-cache" value="{userPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    public string Root { get; }

    public string Version { get; }

    /// <summary>The folder feed that <c>eng/pack.sh</c> packed into.</summary>
    public string Feed { get; }

    /// <summary>What <c>eng/pack.sh</c> printed.</summary>
    public string PackOutput { get; }

    /// <summary>The nuget.config that <c>eng/pack.sh</c> printed.</summary>
    public string NuGetConfig { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The line of <see cref="PackOutput"/> that starts with <paramref name="prefix"/>.</summary>
    public string PrintedLine(string prefix)
    {
        var lines = PackOutput.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"eng/pack.sh printed {lines.Count} lines starting with '{prefix}':\n{PackOutput}");
        return lines[0];
    }

    /// <summary>Splits a printed command line into its arguments ("double quotes" group).</summary>
    public static string[] Arguments(string commandLine) =>
        ArgumentPattern().Matches(commandLine).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value).ToArray();

    /// <summary>A fresh folder below <see cref="Root"/> with the printed nuget.config in it.</summary>
    public string CreateFolder(string name)
    {
        var folder = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), NuGetConfig);
        return folder;
    }

    /// <summary>Copies a consumer template (its <c>.csproj.template</c> names <c>$(SmtVersion)</c>) into a fresh folder.</summary>
    public string CreateConsumer(string template)
    {
        var folder = CreateFolder(template);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, template)))
        {
            string name = Path.GetFileName(file);
            string text = File.ReadAllText(file).Replace("$(SmtVersion)", Version, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(folder, name.Replace(".csproj.template", ".csproj", StringComparison.Ordinal)), text);
        }

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

    private static void CloneAtHead(string clone)
    {
        var head = Git(RepositoryRoot, "rev-parse", "HEAD").Trim();
        Git(Path.GetDirectoryName(clone)!, "clone", "--quiet", "--no-checkout", RepositoryRoot, clone);
        Git(clone, "checkout", "--quiet", head);
        var patch = Path.Combine(Path.GetDirectoryName(clone)!, "uncommitted.patch");
        Git(RepositoryRoot, "diff", "HEAD", "--binary", "--output=" + patch);
        if (new FileInfo(patch).Length > 0)
        {
            Git(clone, "apply", "--whitespace=nowarn", patch);
        }
    }

    private static string Git(string workingDirectory, params string[] args)
    {
        var (exitCode, output) = ProcessRunner.Run("git", workingDirectory, args);
        Assert.True(exitCode == 0, $"git {string.Join(' ', args)} failed:\n{output}");
        return output;
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

    [GeneratedRegex("\"([^\"]*)\"|[^\\s\"]+")]
    private static partial Regex ArgumentPattern();
}
