using System.IO.Compression;
using System.Xml.Linq;

namespace StochasticMutatorTuner.IntegrationTests;

/// <summary>What each package carries: metadata, README, icon, symbols, and the tool's natives for the supported platforms only.</summary>
[Collection(PackagesCollection.Name)]
public class PackageContentsTests(PackageFeed feed)
{
    public static TheoryData<string> Packages => new() { "StochasticMutatorTuner", "StochasticMutatorTuner.Abstractions", "StochasticMutatorTuner.TorchSharp", "StochasticMutatorTuner.Cli" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Each_package_has_its_version_readme_icon_repository_and_a_symbol_package(string id)
    {
        var package = Path.Combine(feed.Feed, $"{id}.{feed.Version}.nupkg");
        Assert.True(File.Exists(package), $"{package} was not packed");
        Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id} has no symbol package");

        using var zip = ZipFile.OpenRead(package);
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.NotNull(zip.GetEntry("icon.png"));
        using var nuspecStream = zip.Entries.Single(e => e.FullName == id + ".nuspec").Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal(feed.Version, Field("version"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Equal("icon.png", Field("icon"));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.StartsWith("https://github.com/", repository.Attribute("url")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value);
    }

    [Fact]
    public void The_tool_carries_natives_for_linux_windows_and_macos_on_x64_and_arm64_only()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(feed.Feed, $"StochasticMutatorTuner.Cli.{feed.Version}.nupkg"));
        var platforms = zip.Entries.Select(e => e.FullName.Split('/')).Where(p => p.Length > 4 && p[3] == "runtimes").Select(p => p[4]).ToHashSet();

        Assert.Equal(["linux-arm64", "linux-x64", "osx", "osx-arm64", "osx-x64", "win-arm64", "win-x64"], platforms.Order());
        foreach (var platform in new[] { "linux-x64", "win-x64", "osx" })
        {
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith($"tools/net8.0/any/runtimes/{platform}/native/", StringComparison.Ordinal) && e.Name.Contains("SkiaSharp", StringComparison.Ordinal));
        }
    }
}
