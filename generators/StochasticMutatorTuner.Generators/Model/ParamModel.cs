namespace StochasticMutatorTuner.Generators.Model;

/// <summary>Everything the emitter (and SMT0018) needs about one valid [Param] property. Strings and primitives only.</summary>
/// <param name="Property">The property's name.</param>
/// <param name="Name">The parameter's name (the property name unless [Param(Name = …)]).</param>
/// <param name="Kind">The value kind.</param>
/// <param name="ElementType">The C# type of one value, fully qualified.</param>
/// <param name="Values">The choices: a C# literal (invariant culture) and the canonical text of each.</param>
/// <param name="Ordered">Whether mutations step along the values.</param>
/// <param name="Condition">Its resolved [ActiveWhen], or null.</param>
/// <param name="Collection">For per-layer properties: how elements are held; else None.</param>
/// <param name="LayerCount">For per-layer properties: the resolved count; else null.</param>
/// <param name="InitOnly">True when the property has an init accessor instead of a setter.</param>
internal sealed record ParamModel(
    string Property,
    string Name,
    ValueKind Kind,
    string ElementType,
    EquatableArray<ConvertedValue> Values,
    bool Ordered,
    ConditionModel? Condition,
    CollectionKind Collection,
    LayerCountModel? LayerCount,
    bool InitOnly)
{
    /// <summary>How many genome slots it takes: one per possible layer for a per-layer list, else one.</summary>
    public int Slots => LayerCount?.Slots ?? 1;
}
