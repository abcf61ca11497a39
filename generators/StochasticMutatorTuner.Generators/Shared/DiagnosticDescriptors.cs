using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace StochasticMutatorTuner.Generators.Shared;

// Every diagnostic of StochasticMutatorTuner, in one table. Adding one means:
//   1. a member of SpaceProblemKind (Shared/SpaceProblemKind.cs) and the check that reports it (Shared/TypeReader.cs,
//      PropertyReader.cs or CrossPropertyChecks.cs) - or, for a diagnostic with an analyzer of its own, a field below
//      listed in All;
//   2. its row here, with the next free ID (IDs are never reused or renumbered);
//   3. a line in analyzers/StochasticMutatorTuner.Analyzers/AnalyzerReleases.Unshipped.md;
//   4. its help page, docs/diagnostics/SMT00nn.md;
//   5. tests in tests/StochasticMutatorTuner.Analyzers.Tests (SearchSpaceAnalyzerTests for space problems).
// DiagnosticTableTests fails until 1-4 agree. This file is compiled into the generator too: the severity decides
// whether a type gets real generated code (no error) or placeholders (an error).

/// <summary>Every diagnostic of StochasticMutatorTuner: stable IDs, one category, a help page per ID.</summary>
internal static class DiagnosticDescriptors
{
    /// <summary>The category of all our diagnostics.</summary>
    public const string Category = "StochasticMutatorTuner";

    /// <summary>The config type or a containing type is not partial (has a code fix).</summary>
    public const string NotPartialId = "SMT0001";

    /// <summary>A value is listed twice (has a code fix).</summary>
    public const string DuplicateValueId = "SMT0006";

    /// <summary>A condition names an unknown member (has a code fix).</summary>
    public const string UnknownConditionParentId = "SMT0010";

    // Each descriptor is a field created with a constant ID, so the release-tracking analyzer (RS2000-RS2008) checks
    // it against AnalyzerReleases.*.md; the table below them keys them by problem kind. Static fields initialize in
    // textual order: descriptors first, then the table, then what is made from it.
    private static readonly DiagnosticDescriptor NotPartial = Error(NotPartialId, "Config type must be partial", "'{0}' must be declared partial so the generated search-space code can extend it");

    private static readonly DiagnosticDescriptor UnsupportedConfigType = Error("SMT0002", "Config type is not supported", "'{0}' cannot be a config type: {1}");

    private static readonly DiagnosticDescriptor UnsettableProperty = Error("SMT0003", "[Param] property cannot be set", "[Param] property '{0}' cannot be set by generated code: {1}");

    private static readonly DiagnosticDescriptor UnsupportedPropertyType = Error("SMT0004", "Unsupported parameter type", "[Param] property '{0}' has type {1}; use int, long, float, double, decimal, string, bool or an enum (lists of these with [PerLayer])");

    private static readonly DiagnosticDescriptor EmptyValues = Error("SMT0005", "No values", "'{0}' lists no values; only bool and enum parameters get their values from their type");

    private static readonly DiagnosticDescriptor DuplicateValue = Error(DuplicateValueId, "Duplicate value", "'{0}' lists the value {1} more than once");

    private static readonly DiagnosticDescriptor ValueNotConvertible = Error("SMT0007", "Value does not fit the property type", "Value {1} of '{0}' cannot be converted to {2}");

    private static readonly DiagnosticDescriptor NullValue = Error("SMT0008", "null value", "'{0}' lists null; parameter values cannot be null");

    private static readonly DiagnosticDescriptor OrderedSingleValue = Warning("SMT0009", "Ordered parameter with one value", "'{0}' is Ordered but has fewer than two values, so it can never move");

    private static readonly DiagnosticDescriptor UnknownConditionParent = Error(UnknownConditionParentId, "Condition names an invalid parent", "The condition of '{0}' names '{1}': {2}");

    private static readonly DiagnosticDescriptor ConditionCycle = Error("SMT0011", "Conditions form a cycle", "The conditions of '{0}' form a cycle: {1}");

    private static readonly DiagnosticDescriptor ConditionValueNotInDomain = Error("SMT0012", "Condition value is not a choice of the parent", "The condition of '{0}' uses {1}, which is not one of the values of '{2}'");

    private static readonly DiagnosticDescriptor ConditionValueWrongType = Error("SMT0013", "Condition value has the wrong type", "The condition of '{0}' uses {1}, which does not fit '{2}' ({3})");

    private static readonly DiagnosticDescriptor InvalidLayerCount = Error("SMT0014", "Per-layer count is not an integer parameter", "The layer count of '{0}' is '{1}': {2}");

    private static readonly DiagnosticDescriptor NegativeLayerCount = Error("SMT0015", "Per-layer count can be negative", "The layer count '{1}' of '{0}' has the value {2}; counts cannot be negative");

    private static readonly DiagnosticDescriptor MisplacedAttribute = Error("SMT0016", "Misplaced attribute", "'{0}': {1}");

    private static readonly DiagnosticDescriptor DuplicateParameterName = Error("SMT0017", "Duplicate parameter name", "'{0}' uses the parameter name '{1}', which another parameter already has");

    private static readonly DiagnosticDescriptor OrderedBool = Warning("SMT0021", "Ordered on a bool parameter", "'{0}' is a bool: Ordered has no effect, a mutation always flips it");

    /// <summary>The table: the diagnostic of each space problem; null for a problem the compiler already reports.</summary>
    private static readonly (SpaceProblemKind Kind, DiagnosticDescriptor? Descriptor)[] Rows =
    {
        (SpaceProblemKind.NotPartial, NotPartial),
        (SpaceProblemKind.UnsupportedConfigType, UnsupportedConfigType),
        (SpaceProblemKind.UnsettableProperty, UnsettableProperty),
        (SpaceProblemKind.UnsupportedPropertyType, UnsupportedPropertyType),
        (SpaceProblemKind.EmptyValues, EmptyValues),
        (SpaceProblemKind.DuplicateValue, DuplicateValue),
        (SpaceProblemKind.ValueNotConvertible, ValueNotConvertible),
        (SpaceProblemKind.NullValue, NullValue),
        (SpaceProblemKind.OrderedSingleValue, OrderedSingleValue),
        (SpaceProblemKind.UnknownConditionParent, UnknownConditionParent),
        (SpaceProblemKind.ConditionCycle, ConditionCycle),
        (SpaceProblemKind.ConditionValueNotInDomain, ConditionValueNotInDomain),
        (SpaceProblemKind.ConditionValueWrongType, ConditionValueWrongType),
        (SpaceProblemKind.InvalidLayerCount, InvalidLayerCount),
        (SpaceProblemKind.NegativeLayerCount, NegativeLayerCount),
        (SpaceProblemKind.MisplacedAttribute, MisplacedAttribute),
        (SpaceProblemKind.DuplicateParameterName, DuplicateParameterName),
        (SpaceProblemKind.OrderedBool, OrderedBool),
        (SpaceProblemKind.CompilerError, null), // the compiler reports the argument itself; saying it again adds nothing
    };

    /// <summary>SMT0018, from <c>UnguardedReadAnalyzer</c>.</summary>
    public static readonly DiagnosticDescriptor UnguardedRead = Warning("SMT0018", "Nested parameter read without its condition", "'{0}' is read here without checking '{1}'; it only has a meaningful value when {2}");

    /// <summary>SMT0019, from <c>DynamicParamAnalyzer</c>.</summary>
    public static readonly DiagnosticDescriptor DynamicConflict = Error("SMT0019", "Parameter declared twice with different values", "Parameter \"{0}\" is declared here with values {1} and elsewhere with {2}");

    /// <summary>SMT0020, from <c>DynamicParamAnalyzer</c>.</summary>
    public static readonly DiagnosticDescriptor DynamicEmpty = Error("SMT0020", "Parameter declared without values", "Parameter \"{0}\" is declared with no values");

    private static readonly Dictionary<SpaceProblemKind, DiagnosticDescriptor?> BySpaceProblem = Rows.ToDictionary(r => r.Kind, r => r.Descriptor);

    /// <summary>The diagnostics of space problems (what <c>SearchSpaceAnalyzer</c> reports).</summary>
    public static ImmutableArray<DiagnosticDescriptor> SpaceProblems { get; } =
        Rows.Where(r => r.Descriptor is not null).Select(r => r.Descriptor!).ToImmutableArray();

    /// <summary>Every diagnostic, for the completeness test.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
        SpaceProblems.AddRange(new[] { UnguardedRead, DynamicConflict, DynamicEmpty });

    /// <summary>The space problems that have a row (all of them, unless a row was forgotten).</summary>
    public static IEnumerable<SpaceProblemKind> KindsWithRows => Rows.Select(r => r.Kind);

    /// <summary>The diagnostic for a space problem, or null when the compiler already reports it.</summary>
    /// <exception cref="InvalidOperationException">The kind has no row in the table.</exception>
    public static DiagnosticDescriptor? For(SpaceProblemKind kind) =>
        BySpaceProblem.TryGetValue(kind, out var descriptor)
            ? descriptor
            : throw new InvalidOperationException($"SpaceProblemKind.{kind} has no row in DiagnosticDescriptors.");

    /// <summary>True when a problem of this kind makes the space invalid (every kind but the warnings).</summary>
    public static bool IsError(SpaceProblemKind kind) => For(kind) is not { DefaultSeverity: DiagnosticSeverity.Warning };

    private static DiagnosticDescriptor Error(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: ProjectLinks.DiagnosticHelp(id));
}
