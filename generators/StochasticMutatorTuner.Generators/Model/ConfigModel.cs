namespace StochasticMutatorTuner.Generators.Model;

/// <summary>The value kinds a parameter can have (mirrors the runtime's ParamKind).</summary>
internal enum ValueKind
{
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    String,
    Boolean,
    Enum,
}

/// <summary>How a per-layer property holds its elements.</summary>
internal enum CollectionKind
{
    None,
    Array,
    List,
}

/// <summary>A type that contains the config type (nested classes).</summary>
/// <param name="Keyword">"class", "record", "struct", "interface" or "record struct".</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);

/// <summary>Everything the emitter needs about one [Param] property. Strings and primitives only.</summary>
/// <param name="Property">The property's name.</param>
/// <param name="Name">The parameter's name (the property name unless [Param(Name = …)]).</param>
/// <param name="Kind">The value kind.</param>
/// <param name="ElementType">The C# type of one value, fully qualified.</param>
/// <param name="Literals">A C# literal per value, invariant culture.</param>
/// <param name="Ordered">Whether mutations step along the values.</param>
/// <param name="Parent">The condition parent's parameter name, or null.</param>
/// <param name="ParentIndices">Indices of the parent values that activate it.</param>
/// <param name="Collection">For per-layer properties: how elements are held; else None.</param>
/// <param name="CountParent">For per-layer properties: the count parameter's name.</param>
/// <param name="CountValues">For per-layer properties: the count parameter's values.</param>
/// <param name="InitOnly">True when the property has an init accessor instead of a setter.</param>
internal sealed record ParamModel(
    string Property,
    string Name,
    ValueKind Kind,
    string ElementType,
    EquatableArray<string> Literals,
    bool Ordered,
    string? Parent,
    EquatableArray<int> ParentIndices,
    CollectionKind Collection,
    string? CountParent,
    EquatableArray<long> CountValues,
    bool InitOnly)
{
    /// <summary>How many per-layer elements (the largest count), or 1 for a scalar parameter.</summary>
    public int Slots => Collection == CollectionKind.None ? 1 : (int)System.Math.Max(0, CountValues.AsSpan().Length == 0 ? 0 : Max(CountValues));

    private static long Max(EquatableArray<long> values)
    {
        long max = 0;
        foreach (var v in values)
        {
            max = System.Math.Max(max, v);
        }

        return max;
    }
}

/// <summary>One config type to generate code for.</summary>
/// <param name="Namespace">The namespace, or "" for the global one.</param>
/// <param name="Name">The type's name.</param>
/// <param name="FullyQualifiedName">global::-qualified name for use in code.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="IsRecord">True for a record class.</param>
/// <param name="Containers">Containing types, outermost first.</param>
/// <param name="Parameters">The parameters in declaration order.</param>
/// <param name="DeclaresToString">True when the user wrote ToString (then none is generated).</param>
/// <param name="DeclaresClone">True when the user declared a member named Clone (then none is generated).</param>
internal sealed record ConfigModel(
    string Namespace,
    string Name,
    string FullyQualifiedName,
    string HintName,
    bool IsRecord,
    EquatableArray<ContainingTypeModel> Containers,
    EquatableArray<ParamModel> Parameters,
    bool DeclaresToString,
    bool DeclaresClone);
