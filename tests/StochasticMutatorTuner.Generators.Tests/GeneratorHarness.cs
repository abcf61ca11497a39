using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StochasticMutatorTuner.Generators.Tests;

/// <summary>Runs the generator over in-memory sources against .NET 8 reference assemblies (no downloads).</summary>
internal static class GeneratorHarness
{
    private static readonly MetadataReference[] References = Basic.Reference.Assemblies.Net80.References.All
        .Concat(new[]
        {
            MetadataReference.CreateFromFile(typeof(ParamAttribute).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(StochasticMutatorTuner.Space.SearchSpace).Assembly.Location),
        })
        .ToArray();

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12);

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "UserCode",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));

    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        new[] { new TunableGenerator().AsSourceGenerator() },
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the output compilation and the generated sources by hint name.</summary>
    public static (Compilation Output, ImmutableDictionary<string, string> Generated, ImmutableArray<Diagnostic> Diagnostics) Run(params string[] sources)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out var generatorDiagnostics);
        var generated = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources)
            .ToImmutableDictionary(s => s.HintName, s => s.SourceText.ToString());
        return (output, generated, generatorDiagnostics.AddRange(output.GetDiagnostics()));
    }

    /// <summary>Runs the generator, requires a clean compile (warnings are errors), and loads the result.</summary>
    public static Assembly CompileAndLoad(params string[] sources)
    {
        var (output, _, diagnostics) = Run(sources);
        var problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "generated code should compile cleanly:\n" + string.Join("\n", problems));
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }
}
