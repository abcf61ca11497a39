namespace StochasticMutatorTuner.Generators.Model;

/// <summary>
/// One [Param] property as read on its own, before the checks that involve other properties (names, conditions,
/// layer counts, cycles). Strings and primitives only, so a generator step can cache it.
/// </summary>
/// <param name="Property">The property's name.</param>
/// <param name="Name">The parameter's name (the property name unless [Param(Name = …)]).</param>
/// <param name="Kind">The value kind.</param>
/// <param name="ElementType">The C# type of one value, fully qualified.</param>
/// <param name="ElementTypeDisplay">The same type as messages show it.</param>
/// <param name="Values">The choices, converted.</param>
/// <param name="Ordered">Whether mutations step along the values.</param>
/// <param name="Collection">For per-layer properties: how elements are held; else None.</param>
/// <param name="InitOnly">True when the property has an init accessor instead of a setter.</param>
/// <param name="Condition">Its [ActiveWhen], or null.</param>
/// <param name="LayerCount">The property its [PerLayer] names, or null.</param>
internal sealed record ParamDeclaration(
    string Property,
    string Name,
    ValueKind Kind,
    string ElementType,
    string ElementTypeDisplay,
    EquatableArray<ConvertedValue> Values,
    bool Ordered,
    CollectionKind Collection,
    bool InitOnly,
    ConditionDeclaration? Condition,
    string? LayerCount);
