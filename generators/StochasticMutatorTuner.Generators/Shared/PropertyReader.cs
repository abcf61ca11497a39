using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>
/// Reads one property's [Param], [ActiveWhen] and [PerLayer] on its own: its type, its values converted to that type,
/// and its condition and layer count as written. What involves other properties is checked by
/// <see cref="CrossPropertyChecks"/>.
/// </summary>
internal static class PropertyReader
{
    /// <summary>Reads a [Param] property; null (with the reasons in <paramref name="problems"/>) when it cannot be a parameter.</summary>
    public static ParamDeclaration? Read(IPropertySymbol property, AttributeData param, KnownSymbols known, List<SpaceProblem> problems)
    {
        var when = known.ActiveWhen(property);
        var perLayer = known.PerLayer(property);
        string name = property.Name;
        string? unsettable = property.IsStatic ? "it is static"
            : property.IsIndexer ? "it is an indexer"
            : property.SetMethod is null ? "it has no setter or init accessor"
            : null;
        if (unsettable is not null)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.UnsettableProperty, new Site(SiteKind.Property, name), name, unsettable);
            return null;
        }

        if (when is not null && perLayer is not null)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.MisplacedAttribute, new Site(SiteKind.LayerAttribute, name), name, "[ActiveWhen] and [PerLayer] cannot be combined; put the condition on the count parameter");
            return null;
        }

        var collection = CollectionKind.None;
        ITypeSymbol elementType = property.Type;
        if (perLayer is not null && !TryElementType(property.Type, out elementType, out collection))
        {
            SpaceProblems.Add(problems, SpaceProblemKind.MisplacedAttribute, new Site(SiteKind.LayerAttribute, name), name, $"[PerLayer] needs an array or list property, not {property.Type.ToDisplayString()}");
            return null;
        }

        if (ValueConverter.KindOf(elementType) is not { } kind)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.UnsupportedPropertyType, new Site(SiteKind.Property, name), name,
                property.Type is IArrayTypeSymbol || collection != CollectionKind.None || TryElementType(property.Type, out _, out _)
                    ? $"{property.Type.ToDisplayString()} (an array or list parameter needs [PerLayer])"
                    : property.Type.ToDisplayString());
            return null;
        }

        var raw = ValuesArgument(param, 0);
        if (param.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error) || raw.Any(v => v.Kind == TypedConstantKind.Error))
        {
            SpaceProblems.Add(problems, SpaceProblemKind.CompilerError, new Site(SiteKind.Property, name));
            return null;
        }

        var values = ReadValues(name, raw, kind, elementType, problems);
        if (values is null)
        {
            return null;
        }

        bool ordered = param.NamedArguments.FirstOrDefault(a => a.Key == "Ordered").Value.Value is true;
        if (ordered && values.Count < 2)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.OrderedSingleValue, new Site(SiteKind.ParamAttribute, name), name);
        }
        else if (ordered && kind == ValueKind.Boolean)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.OrderedBool, new Site(SiteKind.ParamAttribute, name), name);
        }

        return new ParamDeclaration(
            name,
            param.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? name,
            kind,
            elementType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            elementType.ToDisplayString(),
            values.ToEquatableArray(),
            ordered,
            collection,
            property.SetMethod?.IsInitOnly == true,
            ReadCondition(property, when, problems),
            ReadLayerCount(name, perLayer, problems));
    }

    /// <summary>SMT0016 for [ActiveWhen] or [PerLayer] on a property without [Param].</summary>
    public static void CheckStrayAttributes(IPropertySymbol property, KnownSymbols known, List<SpaceProblem> problems)
    {
        bool when = known.ActiveWhen(property) is not null;
        if (when || known.PerLayer(property) is not null)
        {
            var site = new Site(when ? SiteKind.ConditionAttribute : SiteKind.LayerAttribute, property.Name);
            SpaceProblems.Add(problems, SpaceProblemKind.MisplacedAttribute, site, property.Name, $"[{(when ? "ActiveWhen" : "PerLayer")}] needs [Param] on the same property");
        }
    }

    /// <summary>The values of an attribute's <c>params</c> array argument at <paramref name="position"/> (empty when absent or null).</summary>
    public static ImmutableArray<TypedConstant> ValuesArgument(AttributeData attribute, int position) =>
        attribute.ConstructorArguments.Length == position + 1 && attribute.ConstructorArguments[position] is { Kind: TypedConstantKind.Array, IsNull: false } array
            ? array.Values
            : ImmutableArray<TypedConstant>.Empty;

    /// <summary>The converted values (bool and enum default to all of theirs); null when any is invalid.</summary>
    private static List<ConvertedValue>? ReadValues(string property, ImmutableArray<TypedConstant> raw, ValueKind kind, ITypeSymbol elementType, List<SpaceProblem> problems)
    {
        var values = new List<ConvertedValue>();
        if (raw.IsDefaultOrEmpty)
        {
            if (kind == ValueKind.Boolean)
            {
                values.Add(new ConvertedValue("false", "false"));
                values.Add(new ConvertedValue("true", "true"));
            }
            else if (kind == ValueKind.Enum)
            {
                string typeText = elementType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                values.AddRange(ValueConverter.EnumMembers((INamedTypeSymbol)elementType).Select(m => new ConvertedValue($"{typeText}.{m}", m)));
            }

            if (values.Count == 0)
            {
                SpaceProblems.Add(problems, SpaceProblemKind.EmptyValues, new Site(SiteKind.ParamAttribute, property), property);
                return null;
            }

            return values;
        }

        bool valid = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < raw.Length; i++)
        {
            var site = new Site(SiteKind.ParamValue, property, i);
            if (raw[i].IsNull)
            {
                SpaceProblems.Add(problems, SpaceProblemKind.NullValue, site, property);
                valid = false;
            }
            else if (!ValueConverter.TryConvert(raw[i], kind, elementType, out var converted))
            {
                SpaceProblems.Add(problems, SpaceProblemKind.ValueNotConvertible, site, property, ValueConverter.Display(raw[i]), elementType.ToDisplayString());
                valid = false;
            }
            else if (!seen.Add(converted.Canonical))
            {
                SpaceProblems.Add(problems, SpaceProblemKind.DuplicateValue, site, property, ValueConverter.Display(raw[i]));
                valid = false;
            }
            else
            {
                values.Add(converted);
            }
        }

        return valid ? values : null;
    }

    /// <summary>The [ActiveWhen] as written, with its values converted to the named property's type where they can be.</summary>
    private static ConditionDeclaration? ReadCondition(IPropertySymbol property, AttributeData? when, List<SpaceProblem> problems)
    {
        if (when is null || when.ConstructorArguments.Length == 0)
        {
            return null;
        }

        if (when.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
        {
            SpaceProblems.Add(problems, SpaceProblemKind.CompilerError, new Site(SiteKind.ConditionAttribute, property.Name));
            return null;
        }

        string parentName = when.ConstructorArguments[0].Value as string ?? "";
        var members = property.ContainingType.GetMembers(parentName);
        var parent = members.OfType<IPropertySymbol>().FirstOrDefault();
        var parentKind = parent is null ? null : ValueConverter.KindOf(parent.Type);
        var values = ValuesArgument(when, 1).Select(v => new ConditionValue(
            ValueConverter.Display(v),
            parentKind is { } k && ValueConverter.TryConvert(v, k, parent!.Type, out var converted) ? converted.Canonical : null));
        return new ConditionDeclaration(parentName, !members.IsEmpty, when.ConstructorArguments.Length > 1, values.ToEquatableArray());
    }

    /// <summary>The name [PerLayer] gives, or null.</summary>
    private static string? ReadLayerCount(string property, AttributeData? perLayer, List<SpaceProblem> problems)
    {
        if (perLayer is null)
        {
            return null;
        }

        if (perLayer.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
        {
            SpaceProblems.Add(problems, SpaceProblemKind.CompilerError, new Site(SiteKind.LayerCountName, property));
            return null;
        }

        return perLayer.ConstructorArguments.Length > 0 ? perLayer.ConstructorArguments[0].Value as string ?? "" : "";
    }

    private static bool TryElementType(ITypeSymbol type, out ITypeSymbol element, out CollectionKind kind)
    {
        element = type;
        kind = CollectionKind.None;
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            element = array.ElementType;
            kind = CollectionKind.Array;
            return true;
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            element = named.TypeArguments[0];
            kind = named.ConstructedFrom.SpecialType switch
            {
                SpecialType.System_Collections_Generic_IList_T or SpecialType.System_Collections_Generic_IReadOnlyList_T
                    or SpecialType.System_Collections_Generic_ICollection_T or SpecialType.System_Collections_Generic_IReadOnlyCollection_T
                    or SpecialType.System_Collections_Generic_IEnumerable_T => CollectionKind.Array,
                _ when IsList(named.ConstructedFrom) => CollectionKind.List,
                _ => CollectionKind.None,
            };
            return kind != CollectionKind.None;
        }

        return false;
    }

    /// <summary>True for System.Collections.Generic.List&lt;T&gt; (which has no SpecialType).</summary>
    private static bool IsList(INamedTypeSymbol definition) =>
        definition is { Name: "List", Arity: 1, ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };
}
