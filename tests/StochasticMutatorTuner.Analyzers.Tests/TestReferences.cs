using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StochasticMutatorTuner.Analyzers.Tests;

/// <summary>.NET 8 reference assemblies shipped as a package (nothing is downloaded while tests run), plus the attributes and runtime.</summary>
internal static class TestReferences
{
    public static MetadataReference[] All { get; } = Basic.Reference.Assemblies.Net80.References.All
        .Concat(new[]
        {
            MetadataReference.CreateFromFile(typeof(ParamAttribute).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(StochasticMutatorTuner.Space.SearchSpace).Assembly.Location),
        })
        .ToArray();

    /// <summary>Compiles <paramref name="source"/> into a library (as another project of the user's would be) and references it.</summary>
    public static MetadataReference Library(string source)
    {
        var compilation = CSharpCompilation.Create(
            "UserLibrary",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12)) },
            All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
