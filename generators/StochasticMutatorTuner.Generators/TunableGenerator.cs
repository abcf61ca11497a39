using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StochasticMutatorTuner.Generators.Model;
using StochasticMutatorTuner.Generators.Pipeline;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Generators;

/// <summary>
/// Generates, for every class or record with [Param] properties, the search space and the genome, key, sampling,
/// mutation and JSON members that make it an <c>ITunable&lt;T&gt;</c>. Problems are reported by the analyzers, not
/// here; a type whose space has an error gets the same members with placeholder bodies, so the SMT errors are the
/// only errors its users see.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class TunableGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Each property carrying [Param] (found by metadata name, syntax filter only), read on its own.
        var properties = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ParamAttribute,
                predicate: static (node, _) => node is PropertyDeclarationSyntax,
                transform: static (ctx, _) => ReadProperty(ctx))
            .Where(static read => read is not null)
            .Select(static (read, _) => read!)
            .WithTrackingName(TrackingNames.ParamProperties);

        // 2. Grouped by containing type, in declaration order.
        var types = properties
            .Collect()
            .SelectMany(static (reads, _) => GroupByType(reads))
            .WithTrackingName(TrackingNames.ConfigTypes);

        // 3. The checks across properties: the model of each type.
        var models = types
            .Select(static (group, _) => Build(group))
            .WithTrackingName(TrackingNames.ConfigModels);

        // 4. One file per type that a partial declaration can extend.
        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            if (model.Type.CanExtend)
            {
                spc.AddSource(model.Type.HintName, Emitter.Emit(model));
            }
        });
    }

    private static PropertyRead? ReadProperty(GeneratorAttributeSyntaxContext context)
    {
        if (context.TargetSymbol is not IPropertySymbol { ContainingType: { } type } property
            || context.Attributes.FirstOrDefault() is not { AttributeClass: { } paramAttribute } param)
        {
            return null;
        }

        var known = KnownSymbols.FromParamAttribute(paramAttribute);
        var problems = new List<SpaceProblem>();
        var typeModel = TypeReader.Read(type, known, problems);
        var declaration = PropertyReader.Read(property, param, known, problems);
        return new PropertyRead(typeModel, OrderOf(type, property), declaration, problems.Any(p => p.IsError));
    }

    private static int OrderOf(INamedTypeSymbol type, IPropertySymbol property)
    {
        var members = type.GetMembers();
        for (int i = 0; i < members.Length; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(members[i], property))
            {
                return i;
            }
        }

        return members.Length;
    }

    private static ImmutableArray<TypeGroup> GroupByType(ImmutableArray<PropertyRead> reads) => reads
        .GroupBy(static r => r.Type.FullyQualifiedName)
        .Select(static g => new TypeGroup(
            g.First().Type,
            g.Any(static r => r.HasError),
            g.OrderBy(static r => r.Order).Select(static r => r.Declaration).OfType<ParamDeclaration>().ToEquatableArray()))
        .ToImmutableArray();

    private static ConfigModel Build(TypeGroup group) => group.HasError
        ? new ConfigModel(group.Type, EquatableArray<ParamModel>.Empty, IsValid: false)
        : SpaceReader.Build(group.Type, group.Declarations.ToList(), new List<SpaceProblem>()).Model;
}
