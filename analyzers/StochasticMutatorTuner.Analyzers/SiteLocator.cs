using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Analyzers;

/// <summary>Turns a problem's <see cref="Site"/> into the source location to report it at, from the type's symbols.</summary>
internal sealed class SiteLocator(INamedTypeSymbol type, KnownSymbols known, CancellationToken cancellationToken)
{
    private Location TypeLocation => type.Locations.FirstOrDefault() ?? Location.None;

    public Location Locate(Site site)
    {
        if (site.Kind == SiteKind.Type)
        {
            var t = type;
            for (int i = 0; i < site.Index && t.ContainingType is not null; i++)
            {
                t = t.ContainingType;
            }

            return t.Locations.FirstOrDefault() ?? TypeLocation;
        }

        var property = type.GetMembers(site.Property).OfType<IPropertySymbol>().FirstOrDefault();
        var propertyLocation = property?.Locations.FirstOrDefault() ?? TypeLocation;
        if (property is null)
        {
            return propertyLocation;
        }

        return site.Kind switch
        {
            SiteKind.ParamAttribute => AttributeLocation(known.Param(property), propertyLocation),
            SiteKind.ParamValue => ArgumentLocation(known.Param(property), 0, count: a => PropertyReader.ValuesArgument(a, 0).Length, site.Index, propertyLocation),
            SiteKind.ConditionAttribute => AttributeLocation(known.ActiveWhen(property), propertyLocation),
            SiteKind.ConditionName => ArgumentLocation(known.ActiveWhen(property), 0, count: _ => 1, 0, propertyLocation),
            SiteKind.ConditionValue => ArgumentLocation(known.ActiveWhen(property), 1, count: a => PropertyReader.ValuesArgument(a, 1).Length, site.Index, propertyLocation),
            SiteKind.LayerAttribute => AttributeLocation(known.PerLayer(property), propertyLocation),
            SiteKind.LayerCountName => ArgumentLocation(known.PerLayer(property), 0, count: _ => 1, 0, propertyLocation),
            _ => propertyLocation,
        };
    }

    private Location AttributeLocation(AttributeData? attribute, Location fallback) =>
        attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? fallback;

    /// <summary>
    /// The <paramref name="index"/>-th of the <paramref name="count"/> positional arguments that start at position
    /// <paramref name="first"/>; the attribute's location when the syntax does not list them one by one (e.g. an
    /// explicit array).
    /// </summary>
    private Location ArgumentLocation(AttributeData? attribute, int first, Func<AttributeData, int> count, int index, Location fallback)
    {
        if (attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return fallback;
        }

        var positional = syntax.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList();
        return positional is not null && positional.Count == first + count(attribute) && first + index < positional.Count
            ? positional[first + index].GetLocation()
            : syntax.GetLocation();
    }
}
