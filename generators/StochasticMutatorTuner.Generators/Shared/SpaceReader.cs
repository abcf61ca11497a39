using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>
/// Reads the search space a config type declares with [Param], [ActiveWhen] and [PerLayer]. The one place that
/// decides what is valid: the generator emits code only for a type without problems, and the analyzers report
/// every problem this finds.
/// </summary>
internal static class SpaceReader
{
    /// <summary>Reads <paramref name="type"/>; returns the model when there is no problem, else null.</summary>
    public static ConfigModel? Read(INamedTypeSymbol type, List<SpaceProblem>? problems, CancellationToken cancellationToken)
    {
        var found = problems ?? new List<SpaceProblem>();
        int before = found.Count;
        var model = ReadCore(type, found, cancellationToken);
        return found.Count == before ? model : null;
    }

    /// <summary>The attribute with metadata name <paramref name="name"/> on <paramref name="symbol"/>, or null.</summary>
    public static AttributeData? FindAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == name);

    /// <summary>The properties of <paramref name="type"/> carrying [Param], in declaration order.</summary>
    public static IEnumerable<IPropertySymbol> ParamProperties(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IPropertySymbol>().Where(p => FindAttribute(p, KnownNames.ParamAttribute) is not null);

    private static ConfigModel? ReadCore(INamedTypeSymbol type, List<SpaceProblem> problems, CancellationToken cancellationToken)
    {
        var typeLocation = type.Locations.FirstOrDefault() ?? Location.None;
        CheckTypeShape(type, typeLocation, problems);

        var declared = new List<Declared>();
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var param = FindAttribute(property, KnownNames.ParamAttribute);
            var when = FindAttribute(property, KnownNames.ActiveWhenAttribute);
            var perLayer = FindAttribute(property, KnownNames.PerLayerAttribute);
            var location = property.Locations.FirstOrDefault() ?? typeLocation;
            if (param is null)
            {
                if (when is not null || perLayer is not null)
                {
                    Add(problems, SpaceProblemKind.MisplacedAttribute, AttributeLocation(when ?? perLayer!, location, cancellationToken), property.Name, $"[{(when is not null ? "ActiveWhen" : "PerLayer")}] needs [Param] on the same property");
                }

                continue;
            }

            if (ReadProperty(property, param, when, perLayer, location, problems, cancellationToken) is { } d)
            {
                declared.Add(d);
            }
        }

        var byProperty = declared.ToDictionary(d => d.Property.Name, StringComparer.Ordinal);
        CheckNames(declared, problems);
        foreach (var d in declared)
        {
            ResolveCondition(d, byProperty, type, problems, cancellationToken);
            ResolveLayerCount(d, byProperty, problems, cancellationToken);
        }

        CheckCycles(declared, byProperty, problems);

        var containers = new List<ContainingTypeModel>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containers.Insert(0, new ContainingTypeModel(Keyword(outer), outer.Name));
        }

        string ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
        string fqn = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var parameters = declared.Select(d => new ParamModel(
            d.Property.Name,
            d.Name,
            d.Kind,
            d.ElementType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            d.Values.Select(v => v.Literal).ToEquatableArray(),
            d.Ordered,
            d.ParentName,
            d.ParentIndices.ToEquatableArray(),
            d.Collection,
            d.CountName,
            d.CountValues.ToEquatableArray(),
            d.Property.SetMethod?.IsInitOnly == true)).ToEquatableArray();

        return new ConfigModel(
            ns,
            type.Name,
            fqn,
            fqn.Replace("global::", "").Replace('<', '_').Replace('>', '_') + ".g.cs",
            type.IsRecord,
            containers.ToEquatableArray(),
            parameters,
            DeclaresToString: type.GetMembers("ToString").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 0 && !m.IsImplicitlyDeclared),
            DeclaresClone: type.GetMembers("Clone").Any(m => !m.IsImplicitlyDeclared));
    }

    private static void CheckTypeShape(INamedTypeSymbol type, Location location, List<SpaceProblem> problems)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            bool partial = t.DeclaringSyntaxReferences.Length > 0 && t.DeclaringSyntaxReferences.All(r =>
                r.GetSyntax() is TypeDeclarationSyntax decl && decl.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword)));
            if (!partial)
            {
                Add(problems, SpaceProblemKind.NotPartial, t.Locations.FirstOrDefault() ?? location, t.Name);
            }
        }

        string? reason = type.TypeKind != TypeKind.Class ? "only classes and record classes can be config types"
            : type.IsStatic ? "a static class cannot be instantiated"
            : type.IsAbstract ? "an abstract class cannot be instantiated"
            : type.IsGenericType || type.ContainingType?.IsGenericType == true ? "generic config types are not supported"
            : !type.InstanceConstructors.Any(c => c.Parameters.Length == 0) ? "it needs a parameterless constructor (positional records are not supported)"
            : type.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p => p.IsRequired && FindAttribute(p, KnownNames.ParamAttribute) is null) is { } required
                ? $"its required member '{required.Name}' is not a [Param], so generated code cannot create instances"
            : null;
        if (reason is not null)
        {
            Add(problems, SpaceProblemKind.UnsupportedConfigType, location, type.Name, reason);
        }
    }

    private static Declared? ReadProperty(IPropertySymbol property, AttributeData param, AttributeData? when, AttributeData? perLayer, Location location, List<SpaceProblem> problems, CancellationToken cancellationToken)
    {
        string? unsettable = property.IsStatic ? "it is static"
            : property.IsIndexer ? "it is an indexer"
            : property.SetMethod is null ? "it has no setter or init accessor"
            : null;
        if (unsettable is not null)
        {
            Add(problems, SpaceProblemKind.UnsettableProperty, location, property.Name, unsettable);
            return null;
        }

        if (when is not null && perLayer is not null)
        {
            Add(problems, SpaceProblemKind.MisplacedAttribute, AttributeLocation(perLayer, location, cancellationToken), property.Name, "[ActiveWhen] and [PerLayer] cannot be combined; put the condition on the count parameter");
            return null;
        }

        var collection = CollectionKind.None;
        ITypeSymbol elementType = property.Type;
        if (perLayer is not null)
        {
            if (!TryElementType(property.Type, out elementType, out collection))
            {
                Add(problems, SpaceProblemKind.MisplacedAttribute, AttributeLocation(perLayer, location, cancellationToken), property.Name, $"[PerLayer] needs an array or list property, not {property.Type.ToDisplayString()}");
                return null;
            }
        }

        if (ValueConverter.KindOf(elementType) is not { } kind)
        {
            Add(problems, SpaceProblemKind.UnsupportedPropertyType, location, property.Name,
                property.Type is IArrayTypeSymbol || collection != CollectionKind.None || IsCollection(property.Type)
                    ? $"{property.Type.ToDisplayString()} (an array or list parameter needs [PerLayer])"
                    : property.Type.ToDisplayString());
            return null;
        }

        var values = new List<ConvertedValue>();
        var raw = param.ConstructorArguments.Length == 1 && param.ConstructorArguments[0].Kind == TypedConstantKind.Array
            ? param.ConstructorArguments[0].Values
            : ImmutableArray<TypedConstant>.Empty;
        var argLocations = ValueArgumentLocations(param, 0, raw.Length, location, cancellationToken);
        if (param.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error) || raw.Any(v => v.Kind == TypedConstantKind.Error))
        {
            Add(problems, SpaceProblemKind.CompilerError, location);
            return null;
        }

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
                Add(problems, SpaceProblemKind.EmptyValues, AttributeLocation(param, location, cancellationToken), property.Name);
                return null;
            }
        }

        bool valid = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < raw.Length; i++)
        {
            var constant = raw[i];
            if (constant.IsNull)
            {
                Add(problems, SpaceProblemKind.NullValue, argLocations[i], property.Name);
                valid = false;
                continue;
            }

            if (!ValueConverter.TryConvert(constant, kind, elementType, out var converted))
            {
                Add(problems, SpaceProblemKind.ValueNotConvertible, argLocations[i], property.Name, ValueConverter.Display(constant), elementType.ToDisplayString());
                valid = false;
                continue;
            }

            if (!seen.Add(converted.Canonical))
            {
                Add(problems, SpaceProblemKind.DuplicateValue, argLocations[i], property.Name, ValueConverter.Display(constant));
                valid = false;
                continue;
            }

            values.Add(converted);
        }

        bool ordered = param.NamedArguments.FirstOrDefault(a => a.Key == "Ordered").Value.Value is true;
        if (ordered && valid && values.Count < 2)
        {
            Add(problems, SpaceProblemKind.OrderedSingleValue, AttributeLocation(param, location, cancellationToken), property.Name);
        }

        string name = param.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? property.Name;
        return valid
            ? new Declared(property, name, kind, elementType, values, ordered, collection, when, perLayer, location)
            : null;
    }

    private static void CheckNames(List<Declared> declared, List<SpaceProblem> problems)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in declared)
        {
            if (string.IsNullOrWhiteSpace(d.Name) || !names.Add(d.Name))
            {
                Add(problems, SpaceProblemKind.DuplicateParameterName, d.Location, d.Property.Name, d.Name);
            }
        }
    }

    private static void ResolveCondition(Declared d, Dictionary<string, Declared> byProperty, INamedTypeSymbol type, List<SpaceProblem> problems, CancellationToken cancellationToken)
    {
        if (d.When is not { } when || when.ConstructorArguments.Length == 0)
        {
            return;
        }

        var location = AttributeLocation(when, d.Location, cancellationToken);
        if (when.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
        {
            Add(problems, SpaceProblemKind.CompilerError, location);
            d.Broken = true;
            return;
        }

        string parentName = when.ConstructorArguments[0].Value as string ?? "";
        var nameLocation = ValueArgumentLocations(when, 0, 1, location, cancellationToken)[0];
        if (!byProperty.TryGetValue(parentName, out var parent) || parent == d)
        {
            string reason = parentName == d.Property.Name ? "it is the property itself"
                : type.GetMembers(parentName).Any() ? "it is not a [Param] property"
                : "no such member";
            string closest = parent == d ? "" : Closest(parentName, byProperty.Keys.Where(k => k != d.Property.Name)) ?? "";
            Add(problems, SpaceProblemKind.UnknownConditionParent, nameLocation, d.Property.Name, parentName, reason, closest);
            d.Broken = true;
            return;
        }

        if (parent.Collection != CollectionKind.None)
        {
            Add(problems, SpaceProblemKind.UnknownConditionParent, nameLocation, d.Property.Name, parentName, "a per-layer list cannot be a condition parent", "");
            d.Broken = true;
            return;
        }

        var indices = new List<int>();
        if (when.ConstructorArguments.Length == 1)
        {
            if (parent.Kind != ValueKind.Boolean)
            {
                Add(problems, SpaceProblemKind.ConditionValueWrongType, location, d.Property.Name, "(none)", parent.Property.Name, $"{parent.ElementType.ToDisplayString()}: name the values that activate it");
                d.Broken = true;
                return;
            }

            int t = parent.Values.FindIndex(v => v.Canonical == "true");
            if (t < 0)
            {
                Add(problems, SpaceProblemKind.ConditionValueNotInDomain, location, d.Property.Name, "true", parent.Property.Name);
                d.Broken = true;
                return;
            }

            indices.Add(t);
        }
        else
        {
            var values = when.ConstructorArguments[1].Kind == TypedConstantKind.Array ? when.ConstructorArguments[1].Values : ImmutableArray<TypedConstant>.Empty;
            var locations = ValueArgumentLocations(when, 1, values.Length, location, cancellationToken);
            if (values.IsDefaultOrEmpty)
            {
                Add(problems, SpaceProblemKind.EmptyValues, location, d.Property.Name);
                d.Broken = true;
                return;
            }

            for (int i = 0; i < values.Length; i++)
            {
                if (!ValueConverter.TryConvert(values[i], parent.Kind, parent.ElementType, out var converted))
                {
                    Add(problems, SpaceProblemKind.ConditionValueWrongType, locations[i], d.Property.Name, ValueConverter.Display(values[i]), parent.Property.Name, parent.ElementType.ToDisplayString());
                    d.Broken = true;
                    continue;
                }

                int index = parent.Values.FindIndex(v => v.Canonical == converted.Canonical);
                if (index < 0)
                {
                    Add(problems, SpaceProblemKind.ConditionValueNotInDomain, locations[i], d.Property.Name, ValueConverter.Display(values[i]), parent.Property.Name);
                    d.Broken = true;
                    continue;
                }

                if (!indices.Contains(index))
                {
                    indices.Add(index);
                }
            }
        }

        d.Parent = parent;
        d.ParentName = parent.Name;
        d.ParentIndices = indices;
    }

    private static void ResolveLayerCount(Declared d, Dictionary<string, Declared> byProperty, List<SpaceProblem> problems, CancellationToken cancellationToken)
    {
        if (d.PerLayer is not { } perLayer)
        {
            return;
        }

        var location = ValueArgumentLocations(perLayer, 0, 1, AttributeLocation(perLayer, d.Location, cancellationToken), cancellationToken)[0];
        if (perLayer.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
        {
            Add(problems, SpaceProblemKind.CompilerError, location);
            d.Broken = true;
            return;
        }

        string countName = perLayer.ConstructorArguments.Length > 0 ? perLayer.ConstructorArguments[0].Value as string ?? "" : "";
        if (!byProperty.TryGetValue(countName, out var count) || count == d)
        {
            Add(problems, SpaceProblemKind.InvalidLayerCount, location, d.Property.Name, countName, count == d ? "it is the property itself" : "it is not a [Param] property of this type");
            d.Broken = true;
            return;
        }

        if (count.Kind is not (ValueKind.Int32 or ValueKind.Int64) || count.Collection != CollectionKind.None)
        {
            Add(problems, SpaceProblemKind.InvalidLayerCount, location, d.Property.Name, countName, "it is not an integer parameter");
            d.Broken = true;
            return;
        }

        var counts = count.Values.Select(v => long.Parse(v.Canonical, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var negative = counts.Where(c => c < 0).Select(c => (long?)c).FirstOrDefault();
        if (negative is { } n)
        {
            Add(problems, SpaceProblemKind.NegativeLayerCount, location, d.Property.Name, countName, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            d.Broken = true;
            return;
        }

        d.Parent = count;
        d.CountName = count.Name;
        d.CountValues = counts;
    }

    private static void CheckCycles(List<Declared> declared, Dictionary<string, Declared> byProperty, List<SpaceProblem> problems)
    {
        foreach (var d in declared)
        {
            var chain = new List<Declared> { d };
            for (var p = d.Parent; p is not null; p = p.Parent)
            {
                if (p == d)
                {
                    Add(problems, SpaceProblemKind.ConditionCycle, d.Location, d.Property.Name, string.Join(" -> ", chain.Select(c => c.Property.Name).Concat(new[] { d.Property.Name })));
                    break;
                }

                if (chain.Contains(p))
                {
                    break; // a cycle further up; reported on its own members
                }

                chain.Add(p);
            }
        }
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
            string definition = named.ConstructedFrom.ToDisplayString();
            element = named.TypeArguments[0];
            kind = definition switch
            {
                "System.Collections.Generic.List<T>" => CollectionKind.List,
                "System.Collections.Generic.IList<T>" or "System.Collections.Generic.IReadOnlyList<T>" or "System.Collections.Generic.ICollection<T>"
                    or "System.Collections.Generic.IReadOnlyCollection<T>" or "System.Collections.Generic.IEnumerable<T>" => CollectionKind.Array,
                _ => CollectionKind.None,
            };
            return kind != CollectionKind.None;
        }

        return false;
    }

    private static bool IsCollection(ITypeSymbol type) => TryElementType(type, out _, out _);

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static Location AttributeLocation(AttributeData attribute, Location fallback, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? fallback;

    /// <summary>The locations of <paramref name="count"/> positional arguments starting at <paramref name="first"/>, or the attribute's location for each when they cannot be matched.</summary>
    private static Location[] ValueArgumentLocations(AttributeData attribute, int first, int count, Location fallback, CancellationToken cancellationToken)
    {
        var result = new Location[Math.Max(count, 1)];
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList();
        var attributeLocation = syntax?.GetLocation() ?? fallback;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = positional is not null && positional.Count == first + count && first + i < positional.Count
                ? positional[first + i].GetLocation()
                : attributeLocation;
        }

        return result;
    }

    /// <summary>The candidate closest to <paramref name="name"/> by edit distance, when close enough to be a typo.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static void Add(List<SpaceProblem> problems, SpaceProblemKind kind, Location location, params string[] args) =>
        problems.Add(new SpaceProblem(kind, location, args));

    /// <summary>A [Param] property while it is being read (symbols allowed here: never leaves this class).</summary>
    private sealed class Declared(IPropertySymbol property, string name, ValueKind kind, ITypeSymbol elementType, List<ConvertedValue> values, bool ordered, CollectionKind collection, AttributeData? when, AttributeData? perLayer, Location location)
    {
        public IPropertySymbol Property { get; } = property;

        public string Name { get; } = name;

        public ValueKind Kind { get; } = kind;

        public ITypeSymbol ElementType { get; } = elementType;

        public List<ConvertedValue> Values { get; } = values;

        public bool Ordered { get; } = ordered;

        public CollectionKind Collection { get; } = collection;

        public AttributeData? When { get; } = when;

        public AttributeData? PerLayer { get; } = perLayer;

        public Location Location { get; } = location;

        public Declared? Parent { get; set; }

        public string? ParentName { get; set; }

        public List<int> ParentIndices { get; set; } = new();

        public string? CountName { get; set; }

        public List<long> CountValues { get; set; } = new();

        public bool Broken { get; set; }
    }
}
