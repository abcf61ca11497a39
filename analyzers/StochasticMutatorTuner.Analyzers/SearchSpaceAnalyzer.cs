using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Analyzers;

/// <summary>
/// Reports every problem of a config type's declared search space (SMT0001–SMT0017), using the same reader the
/// generator uses, so the generator can skip invalid types silently.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SearchSpaceAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Enumerable.Range(0, 17)
        .Select(i => DiagnosticDescriptors.For((SpaceProblemKind)i))
        .ToImmutableArray();

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Resolve the attributes once; a compilation that does not reference them has nothing to check.
            var attributes = new[] { KnownNames.ParamAttribute, KnownNames.ActiveWhenAttribute, KnownNames.PerLayerAttribute }
                .Select(start.Compilation.GetTypeByMetadataName)
                .Where(t => t is not null)
                .ToImmutableArray();
            if (attributes.IsEmpty)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                if (!type.GetMembers().OfType<IPropertySymbol>().Any(p => p.GetAttributes().Any(a => attributes.Contains(a.AttributeClass, SymbolEqualityComparer.Default))))
                {
                    return;
                }

                var problems = new List<SpaceProblem>();
                SpaceReader.Read(type, problems, symbolContext.CancellationToken);
                foreach (var problem in problems.Where(p => p.Kind != SpaceProblemKind.CompilerError))
                {
                    var properties = problem.Kind == SpaceProblemKind.UnknownConditionParent && problem.Args.Length > 3 && problem.Args[3].Length > 0
                        ? ImmutableDictionary<string, string?>.Empty.Add("closest", problem.Args[3])
                        : ImmutableDictionary<string, string?>.Empty;
                    symbolContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.For(problem.Kind), problem.Location, properties, problem.Args.Cast<object>().ToArray()));
                }
            }, SymbolKind.NamedType);
        });
    }
}
