using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StochasticMutatorTuner.Generators.Model;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Generators;

/// <summary>
/// Generates, for every class or record with [Param] properties, the search space and the genome, key, sampling,
/// mutation and JSON members that make it an <c>ITunable&lt;T&gt;</c>. Invalid declarations are skipped here and
/// reported by the analyzers.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class TunableGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Every property carrying [Param] (found by metadata name, syntax filter only) becomes the model of its
        //    containing type; a type with any problem becomes null.
        var perProperty = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ParamAttribute,
                predicate: static (node, _) => node is PropertyDeclarationSyntax,
                transform: static (ctx, ct) => ctx.TargetSymbol.ContainingType is { } type ? SpaceReader.Read(type, problems: null, ct) : null)
            .WithTrackingName(TrackingNames.ParamProperties);

        // 2. Keep valid ones.
        var valid = perProperty
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidConfigs);

        // 3. One model per type (a type with three [Param] properties produced it three times).
        var distinct = valid
            .Collect()
            .SelectMany(static (models, _) => Distinct(models))
            .WithTrackingName(TrackingNames.DistinctConfigs);

        // 4. One file per type.
        context.RegisterSourceOutput(distinct, static (spc, model) => spc.AddSource(model.HintName, Emitter.Emit(model)));
    }

    private static ImmutableArray<ConfigModel> Distinct(ImmutableArray<ConfigModel> models)
    {
        var seen = new HashSet<string>();
        return models.Where(m => seen.Add(m.FullyQualifiedName)).ToImmutableArray();
    }
}
