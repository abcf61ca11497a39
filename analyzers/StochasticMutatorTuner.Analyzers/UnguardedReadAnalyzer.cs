using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Analyzers;

/// <summary>
/// SMT0018: warns when a conditional parameter (<c>[ActiveWhen]</c>) is read where its condition may be false.
/// </summary>
/// <remarks>
/// The condition (parent, activating values, the parent's domain) comes from <see cref="SpaceReader"/>, read once
/// per config type per compilation (also for config types from referenced assemblies); whether a read is guarded is
/// decided by <see cref="ConditionGuard"/>. Reads inside the config type itself, and reads of a parameter whose
/// condition or parent has an error, are not checked.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnguardedReadAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnguardedRead);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownSymbols.From(start.Compilation) is not { ActiveWhenAttribute: not null } known)
            {
                return;
            }

            var spaces = new ConcurrentDictionary<INamedTypeSymbol, SpaceReading>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(ctx => AnalyzeRead(ctx, known, spaces), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeRead(OperationAnalysisContext context, KnownSymbols known, ConcurrentDictionary<INamedTypeSymbol, SpaceReading> spaces)
    {
        var read = (IPropertyReferenceOperation)context.Operation;
        var property = read.Property;
        if (known.ActiveWhen(property) is null || read.Instance is null || IsWrite(read)
            || SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, property.ContainingType))
        {
            return;
        }

        var reading = spaces.GetOrAdd(property.ContainingType, type => SpaceReader.Read(type, known, context.CancellationToken));
        var space = reading.Model;
        var parameter = space.Parameters.FirstOrDefault(p => p.Property == property.Name);
        if (parameter?.Condition is not { } condition
            || reading.Problems.Any(p => p.IsError && (p.Site.Property == parameter.Property || p.Site.Property == condition.ParentProperty)))
        {
            return; // an error in the condition is the space analyzer's to report
        }

        var parentModel = space.Parameters.First(p => p.Property == condition.ParentProperty);
        var parent = property.ContainingType.GetMembers(condition.ParentProperty).OfType<IPropertySymbol>().First();
        var domain = new HashSet<string>(parentModel.Values.Select(v => v.Canonical));
        var allowed = new HashSet<string>(condition.Indices.Select(i => parentModel.Values[i].Canonical));
        var guard = new ConditionGuard(parameter, parent, parentModel.Kind, domain, allowed, Receiver(read.Instance), read.SemanticModel!);
        if (!guard.Holds(read.Syntax))
        {
            string when = allowed.Count == 1 && allowed.Contains("true") && domain.Contains("false") ? $"{parent.Name} is true" : $"{parent.Name} is {string.Join(" or ", allowed.OrderBy(v => v, System.StringComparer.Ordinal))}";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnguardedRead, read.Syntax.GetLocation(), property.Name, parent.Name, when));
        }
    }

    private static bool IsWrite(IOperation read) =>
        read.Parent is ISimpleAssignmentOperation assignment && assignment.Target == read
        || read.Parent?.Kind == OperationKind.MemberInitializer;

    /// <summary>The symbol a receiver expression refers to (a local, parameter, field or property), or the type for <c>this</c>.</summary>
    private static ISymbol? Receiver(IOperation instance) => instance switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        IFieldReferenceOperation f => f.Field,
        IPropertyReferenceOperation p => p.Property,
        IInstanceReferenceOperation i => i.Type,
        IConversionOperation c => Receiver(c.Operand),
        _ => null,
    };
}
