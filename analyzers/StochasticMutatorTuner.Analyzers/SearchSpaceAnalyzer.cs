using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Analyzers;

/// <summary>
/// Reports every problem of a config type's declared search space (every row of <see cref="DiagnosticDescriptors"/>
/// keyed by a <see cref="SpaceProblemKind"/>), using the same reader the generator uses.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SearchSpaceAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.SpaceProblems;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Resolve the attributes once; a compilation that does not reference them has nothing to check.
            if (KnownSymbols.From(start.Compilation) is not { } known)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                if (!type.GetMembers().OfType<IPropertySymbol>().Any(known.IsAnnotated))
                {
                    return;
                }

                var reading = SpaceReader.Read(type, known, symbolContext.CancellationToken);
                var locator = new SiteLocator(type, known, symbolContext.CancellationToken);
                foreach (var problem in reading.Problems)
                {
                    if (DiagnosticDescriptors.For(problem.Kind) is not { } descriptor)
                    {
                        continue; // the compiler reports it
                    }

                    // SMT0010's code fix reads the suggested name from the diagnostic's properties.
                    var properties = problem.Kind == SpaceProblemKind.UnknownConditionParent && problem.Args.Count > 3 && problem.Args[3].Length > 0
                        ? ImmutableDictionary<string, string?>.Empty.Add("closest", problem.Args[3])
                        : ImmutableDictionary<string, string?>.Empty;
                    symbolContext.ReportDiagnostic(Diagnostic.Create(descriptor, locator.Locate(problem.Site), properties, problem.Args.Cast<object>().ToArray()));
                }
            }, SymbolKind.NamedType);
        });
    }
}
