using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>
/// The attribute types, resolved once and compared as symbols (never by display string). Analyzers create it at
/// compilation start; the generator from the [Param] attribute class its step matched.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(INamedTypeSymbol paramAttribute, INamedTypeSymbol? activeWhenAttribute, INamedTypeSymbol? perLayerAttribute)
    {
        ParamAttribute = paramAttribute;
        ActiveWhenAttribute = activeWhenAttribute;
        PerLayerAttribute = perLayerAttribute;
    }

    public INamedTypeSymbol ParamAttribute { get; }

    public INamedTypeSymbol? ActiveWhenAttribute { get; }

    public INamedTypeSymbol? PerLayerAttribute { get; }

    /// <summary>The attribute types of <paramref name="compilation"/>, or null when it does not reference them.</summary>
    public static KnownSymbols? From(Compilation compilation) =>
        compilation.GetTypeByMetadataName(KnownNames.ParamAttribute) is { } param
            ? new KnownSymbols(param, compilation.GetTypeByMetadataName(KnownNames.ActiveWhenAttribute), compilation.GetTypeByMetadataName(KnownNames.PerLayerAttribute))
            : null;

    /// <summary>The attribute types, found next to <paramref name="paramAttribute"/> (they ship in one assembly).</summary>
    public static KnownSymbols FromParamAttribute(INamedTypeSymbol paramAttribute) => new(
        paramAttribute,
        paramAttribute.ContainingAssembly.GetTypeByMetadataName(KnownNames.ActiveWhenAttribute),
        paramAttribute.ContainingAssembly.GetTypeByMetadataName(KnownNames.PerLayerAttribute));

    /// <summary>[Param] on <paramref name="symbol"/>, or null.</summary>
    public AttributeData? Param(ISymbol symbol) => Find(symbol.GetAttributes(), ParamAttribute);

    /// <summary>[ActiveWhen] on <paramref name="symbol"/>, or null.</summary>
    public AttributeData? ActiveWhen(ISymbol symbol) => Find(symbol.GetAttributes(), ActiveWhenAttribute);

    /// <summary>[PerLayer] on <paramref name="symbol"/>, or null.</summary>
    public AttributeData? PerLayer(ISymbol symbol) => Find(symbol.GetAttributes(), PerLayerAttribute);

    /// <summary>True when <paramref name="symbol"/> carries any of the three attributes.</summary>
    public bool IsAnnotated(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute, ParamAttribute) || Is(attribute, ActiveWhenAttribute) || Is(attribute, PerLayerAttribute))
            {
                return true;
            }
        }

        return false;
    }

    private static AttributeData? Find(ImmutableArray<AttributeData> attributes, INamedTypeSymbol? type)
    {
        foreach (var attribute in attributes)
        {
            if (Is(attribute, type))
            {
                return attribute;
            }
        }

        return null;
    }

    private static bool Is(AttributeData attribute, INamedTypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, type);
}
