using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Analyzers;

/// <summary>
/// SMT0019 and SMT0020 for the define-by-run API: <c>hp.Param("name", values)</c> calls with a literal name and
/// literal values (<c>new[] { … }</c> or a collection expression <c>[…]</c>) must give one name one domain, and a
/// domain must not be empty.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DynamicParamAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.DynamicConflict, DiagnosticDescriptors.DynamicEmpty);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var hyperParameters = start.Compilation.GetTypeByMetadataName(KnownNames.HyperParameters);
            if (hyperParameters is null)
            {
                return;
            }

            var declarations = new ConcurrentBag<(string Name, string Domain, Location Location)>();
            start.RegisterOperationAction(ctx =>
            {
                var call = (IInvocationOperation)ctx.Operation;
                if (call.TargetMethod.Name != "Param" || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, hyperParameters)
                    || call.Arguments.Length < 2 || call.TargetMethod.Parameters.Length < 2)
                {
                    return;
                }

                var nameArgument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                var valuesArgument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1);
                if (nameArgument?.Value.ConstantValue is not { HasValue: true, Value: string name } || valuesArgument is null)
                {
                    return;
                }

                if (Literals(valuesArgument, ctx.Operation.SemanticModel!) is not { } values)
                {
                    return; // values computed at run time: checked when the search runs
                }

                if (values.Length == 0)
                {
                    ctx.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DynamicEmpty, valuesArgument.Syntax.GetLocation(), name));
                    return;
                }

                bool ordered = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 2)?.Value.ConstantValue.Value is true;
                declarations.Add((name, $"[{string.Join(", ", values)}]{(ordered ? " (ordered)" : "")}", call.Syntax.GetLocation()));
            }, OperationKind.Invocation);

            start.RegisterCompilationEndAction(end =>
            {
                foreach (var group in declarations.GroupBy(d => d.Name))
                {
                    var ordered = group.OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start).ToList();
                    var first = ordered[0];
                    foreach (var other in ordered.Skip(1).Where(d => d.Domain != first.Domain))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DynamicConflict, other.Location, group.Key, other.Domain, first.Domain));
                    }
                }
            });
        });
    }

    /// <summary>
    /// The constant elements of <c>new[] { … }</c> or of a collection expression <c>[…]</c>, as shown in messages, or null
    /// when they are not all constants.
    /// </summary>
    private static string[]? Literals(IArgumentOperation argument, SemanticModel model)
    {
        // Roslyn 4.8, the oldest we support, has no IOperation for C# 12 collection expressions: read their syntax.
        if (argument.Syntax is ArgumentSyntax { Expression: CollectionExpressionSyntax collection })
        {
            var elements = collection.Elements.Select(e => e is ExpressionElementSyntax element ? model.GetConstantValue(element.Expression) : default).ToList();
            return elements.All(c => c.HasValue) ? elements.Select(c => ValueConverter.Display(c.Value)).ToArray() : null;
        }

        var value = argument.Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is not IArrayCreationOperation array)
        {
            return null;
        }

        if (array.Initializer is null)
        {
            return array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue.Value is 0 ? System.Array.Empty<string>() : null;
        }

        var result = new string[array.Initializer.ElementValues.Length];
        for (int i = 0; i < result.Length; i++)
        {
            var element = array.Initializer.ElementValues[i];
            while (element is IConversionOperation c)
            {
                element = c.Operand;
            }

            if (!element.ConstantValue.HasValue)
            {
                return null;
            }

            result[i] = ValueConverter.Display(element.ConstantValue.Value);
        }

        return result;
    }
}
