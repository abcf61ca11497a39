using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StochasticMutatorTuner.Generators.Model;
using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>
/// Converts constants (attribute arguments, or constant expressions the analyzers meet) to a parameter's value kind,
/// exactly as the runtime will see them: the canonical text comes from the runtime's own <see cref="CanonicalText"/>.
/// </summary>
internal static class ValueConverter
{
    /// <summary>The value kind of <paramref name="type"/>, or null when it is not a supported parameter type.</summary>
    public static ValueKind? KindOf(ITypeSymbol type) => type.TypeKind == TypeKind.Enum ? ValueKind.Enum : type.SpecialType switch
    {
        SpecialType.System_Int32 => ValueKind.Int32,
        SpecialType.System_Int64 => ValueKind.Int64,
        SpecialType.System_Single => ValueKind.Single,
        SpecialType.System_Double => ValueKind.Double,
        SpecialType.System_Decimal => ValueKind.Decimal,
        SpecialType.System_String => ValueKind.String,
        SpecialType.System_Boolean => ValueKind.Boolean,
        _ => null,
    };

    /// <summary>How an attribute constant is shown in messages (strings quoted, enum members with their type).</summary>
    public static string Display(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Enum && constant.Type is INamedTypeSymbol e
            ? $"{e.Name}.{EnumMemberName(e, constant.Value) ?? Display(constant.Value)}"
            : Display(constant.IsNull ? null : constant.Value);

    /// <summary>How a constant value is shown in messages.</summary>
    public static string Display(object? value) => value switch
    {
        null => "null",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => CanonicalText.Of(b),
        float f => CanonicalText.Of(f),
        double d => CanonicalText.Of(d),
        decimal m => CanonicalText.Of(m),
        _ when TryInteger(value, out long l) => CanonicalText.Of(l),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    /// <summary>Converts an attribute constant to <paramref name="kind"/>; false when it cannot be.</summary>
    public static bool TryConvert(TypedConstant constant, ValueKind kind, ITypeSymbol targetType, out ConvertedValue value)
    {
        if (constant.IsNull || constant.Kind is TypedConstantKind.Array or TypedConstantKind.Type or TypedConstantKind.Error)
        {
            value = default;
            return false;
        }

        return TryConvert(constant.Value!, constant.Kind == TypedConstantKind.Enum ? constant.Type : null, kind, targetType, out value);
    }

    /// <summary>
    /// Converts a constant to <paramref name="kind"/>; false when it cannot be. <paramref name="enumType"/> is the
    /// constant's type when it is an enum member (its value is then the underlying number), else null.
    /// </summary>
    public static bool TryConvert(object raw, ITypeSymbol? enumType, ValueKind kind, ITypeSymbol targetType, out ConvertedValue value)
    {
        value = default;
        switch (kind)
        {
            case ValueKind.Enum:
                if (enumType is null || !SymbolEqualityComparer.Default.Equals(enumType, targetType)
                    || EnumMemberName((INamedTypeSymbol)targetType, raw) is not { } member)
                {
                    return false; // another type, or a cast number that names no member
                }

                value = new ConvertedValue($"{targetType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}.{member}", member);
                return true;
            case ValueKind.Boolean when raw is bool b:
                value = new ConvertedValue(CanonicalText.Of(b), CanonicalText.Of(b));
                return true;
            case ValueKind.String when raw is string s:
                value = new ConvertedValue(SymbolDisplay.FormatLiteral(s, quote: true), s);
                return true;
            case ValueKind.Boolean or ValueKind.String:
                return false;
        }

        if (enumType is not null || raw is bool or string or char)
        {
            return false;
        }

        switch (kind)
        {
            case ValueKind.Int32 when TryInteger(raw, out long i) && i >= int.MinValue && i <= int.MaxValue:
                value = new ConvertedValue(CanonicalText.Of(i), CanonicalText.Of(i));
                return true;
            case ValueKind.Int64 when TryInteger(raw, out long l):
                value = new ConvertedValue(CanonicalText.Of(l) + "L", CanonicalText.Of(l));
                return true;
            case ValueKind.Single when TryReal(raw, out double f) && Math.Abs(f) <= float.MaxValue:
                string single = CanonicalText.Of((float)f);
                value = new ConvertedValue(single + "F", single);
                return true;
            case ValueKind.Double when TryReal(raw, out double d):
                string text = CanonicalText.Of(d);
                value = new ConvertedValue(text + "D", text);
                return true;
            case ValueKind.Decimal when TryReal(raw, out double md) && Math.Abs(md) < 7.9e28:
                // Through the shortest round-trip text, so 0.1 stays 0.1 and not 0.1000000000000000055...
                decimal m = raw is double or float
                    ? decimal.Parse(CanonicalText.Of(md), NumberStyles.Float, CultureInfo.InvariantCulture)
                    : Convert.ToDecimal(raw, CultureInfo.InvariantCulture);
                string decimalText = CanonicalText.Of(m);
                value = new ConvertedValue(decimalText + "M", decimalText);
                return true;
            default:
                return false;
        }
    }

    /// <summary>All members of an enum with distinct values, in declaration order.</summary>
    public static string[] EnumMembers(INamedTypeSymbol enumType)
    {
        var seen = new System.Collections.Generic.HashSet<object>();
        return enumType.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue && seen.Add(f.ConstantValue!))
            .Select(f => f.Name)
            .ToArray();
    }

    private static string? EnumMemberName(INamedTypeSymbol enumType, object? value) =>
        enumType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value))?.Name;

    private static bool TryInteger(object raw, out long value)
    {
        switch (raw)
        {
            case int i: value = i; return true;
            case long l: value = l; return true;
            case short s: value = s; return true;
            case byte b: value = b; return true;
            case sbyte sb: value = sb; return true;
            case ushort us: value = us; return true;
            case uint ui: value = ui; return true;
            case ulong ul when ul <= long.MaxValue: value = (long)ul; return true;
            default: value = 0; return false;
        }
    }

    private static bool TryReal(object raw, out double value)
    {
        if (TryInteger(raw, out long l))
        {
            value = l;
            return true;
        }

        value = raw switch
        {
            double d => d,
            float f => double.Parse(CanonicalText.Of(f), CultureInfo.InvariantCulture), // 0.1f is 0.1, not 0.100000001490116
            _ => double.NaN,
        };
        return !double.IsNaN(value) && !double.IsInfinity(value);
    }
}
