namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>
/// Everything that can make a declared search space invalid or suspicious. Each member has exactly one row in
/// <see cref="DiagnosticDescriptors"/> (its ID, severity and message); see the header there for what else to touch.
/// </summary>
internal enum SpaceProblemKind
{
    /// <summary>The config type, or a type containing it, is not partial. Args: type name.</summary>
    NotPartial,

    /// <summary>The config type cannot be generated for (struct, static, generic, no parameterless constructor). Args: type name, reason.</summary>
    UnsupportedConfigType,

    /// <summary>A [Param] property is static, read-only or an indexer. Args: property, reason.</summary>
    UnsettableProperty,

    /// <summary>A [Param] property's type is not supported. Args: property, type.</summary>
    UnsupportedPropertyType,

    /// <summary>No values where values are needed. Args: property.</summary>
    EmptyValues,

    /// <summary>A value listed twice. Args: property, value text.</summary>
    DuplicateValue,

    /// <summary>A value not convertible to the property type. Args: property, value text, type.</summary>
    ValueNotConvertible,

    /// <summary>null among the values of a non-nullable type. Args: property.</summary>
    NullValue,

    /// <summary>Ordered with fewer than two values. Args: property.</summary>
    OrderedSingleValue,

    /// <summary>A condition names no member, a member that is not a [Param], or the property itself. Args: property, parent name, reason, closest name or "".</summary>
    UnknownConditionParent,

    /// <summary>Conditions form a cycle. Args: property, cycle text.</summary>
    ConditionCycle,

    /// <summary>A condition value is not among the parent's values. Args: property, value text, parent.</summary>
    ConditionValueNotInDomain,

    /// <summary>A condition value has the wrong type for the parent. Args: property, value text, parent, parent type.</summary>
    ConditionValueWrongType,

    /// <summary>A per-layer count source is not an integer [Param] (or missing). Args: property, count name, reason.</summary>
    InvalidLayerCount,

    /// <summary>A per-layer count's values include negative numbers. Args: property, count name, value.</summary>
    NegativeLayerCount,

    /// <summary>[PerLayer] on a non-collection, [ActiveWhen]/[PerLayer] without [Param], or both on one property. Args: property, reason.</summary>
    MisplacedAttribute,

    /// <summary>Two parameters share a name. Args: property, name.</summary>
    DuplicateParameterName,

    /// <summary>Ordered on a bool, whose two values have no order to step along. Args: property.</summary>
    OrderedBool,

    /// <summary>An attribute argument the compiler already reports as an error (e.g. nameof of a missing member). Not reported again; the type gets placeholder members.</summary>
    CompilerError,
}
