using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>
/// Builds the model of the search space a config type declares with [Param], [ActiveWhen] and [PerLayer]. The one
/// place that decides what is valid: the generator emits real code only for a space without errors, and the
/// analyzers report every problem found here. The work is split along its seams: <see cref="TypeReader"/> (the
/// type), <see cref="PropertyReader"/> (one property and its values), <see cref="CrossPropertyChecks"/> (what
/// involves several properties).
/// </summary>
internal static class SpaceReader
{
    /// <summary>Reads a whole type from its symbol, as the analyzers do.</summary>
    public static SpaceReading Read(INamedTypeSymbol type, KnownSymbols known, CancellationToken cancellationToken)
    {
        var problems = new List<SpaceProblem>();
        var typeModel = TypeReader.Read(type, known, problems);
        var declared = new List<ParamDeclaration>();
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (known.Param(property) is not { } param)
            {
                PropertyReader.CheckStrayAttributes(property, known, problems);
            }
            else if (PropertyReader.Read(property, param, known, problems) is { } declaration)
            {
                declared.Add(declaration);
            }
        }

        return Build(typeModel, declared, problems);
    }

    /// <summary>
    /// Builds the model from what was read: the generator calls this once per type, after grouping its per-property
    /// steps; <paramref name="problems"/> holds what reading found and receives what the cross-property checks find.
    /// </summary>
    public static SpaceReading Build(TypeModel type, IReadOnlyList<ParamDeclaration> declared, List<SpaceProblem> problems)
    {
        var parameters = CrossPropertyChecks.Resolve(declared, problems);
        return new SpaceReading(new ConfigModel(type, parameters, IsValid: !problems.Any(p => p.IsError)), problems);
    }
}
