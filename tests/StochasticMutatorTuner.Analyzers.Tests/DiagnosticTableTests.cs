using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Analyzers.Tests;

/// <summary>The diagnostic table is complete: every problem kind has a row, every ID is released, documented and reported.</summary>
public class DiagnosticTableTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Ids => new(DiagnosticDescriptors.All.Select(d => d.Id));

    [Fact]
    public void Every_space_problem_kind_has_exactly_one_row()
    {
        Assert.Equal(Enum.GetValues<SpaceProblemKind>().Order(), DiagnosticDescriptors.KindsWithRows.Order());
        foreach (var kind in Enum.GetValues<SpaceProblemKind>())
        {
            // Only the kind the compiler reports itself goes without a diagnostic.
            Assert.Equal(kind == SpaceProblemKind.CompilerError, DiagnosticDescriptors.For(kind) is null);
        }
    }

    [Fact]
    public void Ids_are_distinct_numbered_and_in_one_category()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(DiagnosticDescriptors.All, d => Assert.Matches(@"^SMT\d{4}$", d.Id));
        Assert.All(DiagnosticDescriptors.All, d => Assert.Equal(DiagnosticDescriptors.Category, d.Category));
    }

    [Fact]
    public void Each_diagnostic_is_supported_by_exactly_one_analyzer()
    {
        var analyzers = typeof(SearchSpaceAnalyzer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();
        var supported = analyzers.SelectMany(a => a.SupportedDiagnostics.Select(d => d.Id)).ToList();
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).Order(), supported.Order());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_id_is_released_with_its_severity(string id)
    {
        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
        var rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(f => File.ReadAllLines(Path.Combine(Root, "analyzers", "StochasticMutatorTuner.Analyzers", f)))
            .Select(line => line.Split('|').Select(c => c.Trim()).ToArray())
            .Where(cells => cells.Length == 4 && cells[0] == id)
            .ToList();
        var row = Assert.Single(rows);
        Assert.Equal(descriptor.Category, row[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
        Assert.Equal(descriptor.Title.ToString(), row[3]);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_id_has_a_help_page_and_links_to_it_at_the_projects_address(string id)
    {
        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
        var page = Path.Combine(Root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no help page {page}");
        var lines = File.ReadAllLines(page);
        Assert.Equal($"# {id}: {descriptor.Title}", lines[0]);
        Assert.Contains($"**Severity:** {descriptor.DefaultSeverity}", lines);

        // The address is the project's PackageProjectUrl, flowing from MSBuild into the analyzer assembly (and into
        // this test assembly, to compare with).
        string projectUrl = typeof(DiagnosticTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PackageProjectUrl").Value!;
        Assert.StartsWith("https://", projectUrl);
        Assert.Equal($"{projectUrl.TrimEnd('/')}/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
    }

    [Fact]
    public void Every_help_page_belongs_to_a_diagnostic()
    {
        var pages = Directory.GetFiles(Path.Combine(Root, "docs", "diagnostics"), "*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).Order(), pages.Order());
    }

    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StochasticMutatorTuner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found above " + path);
    }
}
