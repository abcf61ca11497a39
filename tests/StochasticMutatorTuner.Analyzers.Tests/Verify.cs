using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace StochasticMutatorTuner.Analyzers.Tests;

/// <summary>
/// Analyzer and code-fix tests against .NET 8 reference assemblies shipped as a package (nothing is downloaded
/// while tests run) plus the attributes and runtime.
/// </summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    private static readonly MetadataReference[] References = TestReferences.All;

    private static readonly ReferenceAssemblies NoPackages = new("net8.0");

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(
        new TAnalyzer().SupportedDiagnostics.Single(d => d.Id == id));

    public static Task Analyzer(string source, params DiagnosticResult[] expected) => Analyzer(source, Array.Empty<MetadataReference>(), expected);

    public static Task Analyzer(string source, MetadataReference[] libraries, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = NoPackages };
        test.TestState.AdditionalReferences.AddRange(References);
        test.TestState.AdditionalReferences.AddRange(libraries);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task CodeFix<TCodeFix>(string source, DiagnosticResult[] expected, string fixedSource, int iterations = 1)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = NoPackages,
            NumberOfFixAllIterations = iterations,
        };
        test.TestState.AdditionalReferences.AddRange(References);
        test.FixedState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
