using Microsoft.CodeAnalysis;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Analyzers;

/// <summary>Every diagnostic of StochasticMutatorTuner, in one place. IDs are stable; each has a help page.</summary>
public static class DiagnosticDescriptors
{
    /// <summary>The category of all our diagnostics.</summary>
    public const string Category = "StochasticMutatorTuner";

    /// <summary>The config type or a containing type is not partial.</summary>
    public const string NotPartialId = "SMT0001";

    /// <summary>A value is listed twice.</summary>
    public const string DuplicateValueId = "SMT0006";

    /// <summary>A condition names an unknown member.</summary>
    public const string UnknownConditionParentId = "SMT0010";

    /// <summary>A nested parameter is read where its condition may be false.</summary>
    public const string UnguardedReadId = "SMT0018";

    /// <summary>A define-by-run name is declared twice with different values.</summary>
    public const string DynamicConflictId = "SMT0019";

    /// <summary>A define-by-run parameter has no values.</summary>
    public const string DynamicEmptyId = "SMT0020";

    private const string HelpRoot = "https://github.com/stochasticmutatortuner/StochasticMutatorTuner/blob/main/docs/diagnostics/";

    internal static readonly DiagnosticDescriptor NotPartial = Error(NotPartialId, "Config type must be partial", "'{0}' must be declared partial so the generated search-space code can extend it");
    internal static readonly DiagnosticDescriptor UnsupportedConfigType = Error("SMT0002", "Config type is not supported", "'{0}' cannot be a config type: {1}");
    internal static readonly DiagnosticDescriptor UnsettableProperty = Error("SMT0003", "[Param] property cannot be set", "[Param] property '{0}' cannot be set by generated code: {1}");
    internal static readonly DiagnosticDescriptor UnsupportedPropertyType = Error("SMT0004", "Unsupported parameter type", "[Param] property '{0}' has type {1}; use int, long, float, double, decimal, string, bool or an enum (lists of these with [PerLayer])");
    internal static readonly DiagnosticDescriptor EmptyValues = Error("SMT0005", "No values", "'{0}' lists no values; only bool and enum parameters get their values from their type");
    internal static readonly DiagnosticDescriptor DuplicateValue = Error(DuplicateValueId, "Duplicate value", "'{0}' lists the value {1} more than once");
    internal static readonly DiagnosticDescriptor ValueNotConvertible = Error("SMT0007", "Value does not fit the property type", "Value {1} of '{0}' cannot be converted to {2}");
    internal static readonly DiagnosticDescriptor NullValue = Error("SMT0008", "null value", "'{0}' lists null; parameter values cannot be null");
    internal static readonly DiagnosticDescriptor OrderedSingleValue = Warning("SMT0009", "Ordered parameter with one value", "'{0}' is Ordered but has fewer than two values, so it can never move");
    internal static readonly DiagnosticDescriptor UnknownConditionParent = Error(UnknownConditionParentId, "Condition names an invalid parent", "The condition of '{0}' names '{1}': {2}");
    internal static readonly DiagnosticDescriptor ConditionCycle = Error("SMT0011", "Conditions form a cycle", "The conditions of '{0}' form a cycle: {1}");
    internal static readonly DiagnosticDescriptor ConditionValueNotInDomain = Error("SMT0012", "Condition value is not a choice of the parent", "The condition of '{0}' uses {1}, which is not one of the values of '{2}'");
    internal static readonly DiagnosticDescriptor ConditionValueWrongType = Error("SMT0013", "Condition value has the wrong type", "The condition of '{0}' uses {1}, which does not fit '{2}' ({3})");
    internal static readonly DiagnosticDescriptor InvalidLayerCount = Error("SMT0014", "Per-layer count is not an integer parameter", "The layer count of '{0}' is '{1}': {2}");
    internal static readonly DiagnosticDescriptor NegativeLayerCount = Error("SMT0015", "Per-layer count can be negative", "The layer count '{1}' of '{0}' has the value {2}; counts cannot be negative");
    internal static readonly DiagnosticDescriptor MisplacedAttribute = Error("SMT0016", "Misplaced attribute", "'{0}': {1}");
    internal static readonly DiagnosticDescriptor DuplicateParameterName = Error("SMT0017", "Duplicate parameter name", "'{0}' uses the parameter name '{1}', which another parameter already has");
    internal static readonly DiagnosticDescriptor UnguardedRead = Warning(UnguardedReadId, "Nested parameter read without its condition", "'{0}' is read here without checking '{1}'; it only has a meaningful value when {2}");
    internal static readonly DiagnosticDescriptor DynamicConflict = Error(DynamicConflictId, "Parameter declared twice with different values", "Parameter \"{0}\" is declared here with values {1} and elsewhere with {2}");
    internal static readonly DiagnosticDescriptor DynamicEmpty = Error(DynamicEmptyId, "Parameter declared without values", "Parameter \"{0}\" is declared with no values");

    /// <summary>The descriptor for a space problem.</summary>
    internal static DiagnosticDescriptor For(SpaceProblemKind kind) => kind switch
    {
        SpaceProblemKind.NotPartial => NotPartial,
        SpaceProblemKind.UnsupportedConfigType => UnsupportedConfigType,
        SpaceProblemKind.UnsettableProperty => UnsettableProperty,
        SpaceProblemKind.UnsupportedPropertyType => UnsupportedPropertyType,
        SpaceProblemKind.EmptyValues => EmptyValues,
        SpaceProblemKind.DuplicateValue => DuplicateValue,
        SpaceProblemKind.ValueNotConvertible => ValueNotConvertible,
        SpaceProblemKind.NullValue => NullValue,
        SpaceProblemKind.OrderedSingleValue => OrderedSingleValue,
        SpaceProblemKind.UnknownConditionParent => UnknownConditionParent,
        SpaceProblemKind.ConditionCycle => ConditionCycle,
        SpaceProblemKind.ConditionValueNotInDomain => ConditionValueNotInDomain,
        SpaceProblemKind.ConditionValueWrongType => ConditionValueWrongType,
        SpaceProblemKind.InvalidLayerCount => InvalidLayerCount,
        SpaceProblemKind.NegativeLayerCount => NegativeLayerCount,
        SpaceProblemKind.MisplacedAttribute => MisplacedAttribute,
        _ => DuplicateParameterName,
    };

    private static DiagnosticDescriptor Error(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");
}
