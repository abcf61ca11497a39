using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>A constant from an attribute, converted to a parameter's type.</summary>
/// <param name="Literal">C# source for the value (invariant culture, with a type suffix).</param>
/// <param name="Canonical">The runtime's canonical text for the value (what keys and storage use).</param>
internal readonly record struct ConvertedValue(string Literal, string Canonical);

/// <summary>Converts attribute constants to a parameter's value kind, exactly as the runtime will see them.</summary>
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

    /// <summary>How a value is shown in messages.</summary>
    public static string Display(TypedConstant constant)
    {
        if (constant.IsNull)
        {
            return "null";
        }

        return constant.Kind == TypedConstantKind.Enum && constant.Type is INamedTypeSymbol e
            ? $"{e.Name}.{EnumMemberName(e, constant.Value) ?? Convert.ToString(constant.Value, CultureInfo.InvariantCulture)}"
            : constant.Value is string s ? SymbolDisplay.FormatLiteral(s, quote: true)
            : constant.Value is bool b ? (b ? "true" : "false")
            : Convert.ToString(constant.Value, CultureInfo.InvariantCulture) ?? "?";
    }

    /// <summary>Converts <paramref name="constant"/> to <paramref name="kind"/>; false when it cannot be.</summary>
    public static bool TryConvert(TypedConstant constant, ValueKind kind, ITypeSymbol targetType, out ConvertedValue value)
    {
        value = default;
        if (constant.IsNull || constant.Kind is TypedConstantKind.Array or TypedConstantKind.Type or TypedConstantKind.Error)
        {
            return false;
        }

        object raw = constant.Value!;
        var c = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case ValueKind.Enum:
                if (constant.Kind != TypedConstantKind.Enum || !SymbolEqualityComparer.Default.Equals(constant.Type, targetType))
                {
                    return false;
                }

                var member = EnumMemberName((INamedTypeSymbol)targetType, raw);
                if (member is null)
                {
                    return false; // a cast number that names no member
                }

                value = new ConvertedValue($"{targetType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}.{member}", member);
                return true;
            case ValueKind.Boolean:
                if (raw is bool b)
                {
                    value = new ConvertedValue(b ? "true" : "false", b ? "true" : "false");
                    return true;
                }

                return false;
            case ValueKind.String:
                if (raw is string s)
                {
                    value = new ConvertedValue(SymbolDisplay.FormatLiteral(s, quote: true), s);
                    return true;
                }

                return false;
        }

        if (constant.Kind == TypedConstantKind.Enum || raw is bool or string or char)
        {
            return false;
        }

        switch (kind)
        {
            case ValueKind.Int32:
                if (TryInteger(raw, out long i) && i >= int.MinValue && i <= int.MaxValue)
                {
                    value = new ConvertedValue(i.ToString(c), i.ToString(c));
                    return true;
                }

                return false;
            case ValueKind.Int64:
                if (TryInteger(raw, out long l))
                {
                    value = new ConvertedValue(l.ToString(c) + "L", l.ToString(c));
                    return true;
                }

                return false;
            case ValueKind.Single:
                if (TryReal(raw, out double fd) && Math.Abs(fd) <= float.MaxValue)
                {
                    string text = ((float)fd).ToString("R", c);
                    value = new ConvertedValue(text + "F", text);
                    return true;
                }

                return false;
            case ValueKind.Double:
                if (TryReal(raw, out double d))
                {
                    string text = d.ToString("R", c);
                    value = new ConvertedValue(text + "D", text);
                    return true;
                }

                return false;
            case ValueKind.Decimal:
                if (TryReal(raw, out double md) && Math.Abs(md) < 7.9e28)
                {
                    // Through the shortest round-trip text, so 0.1 stays 0.1 and not 0.1000000000000000055...
                    decimal m = raw is double or float
                        ? decimal.Parse(md.ToString("R", c), NumberStyles.Float, c)
                        : Convert.ToDecimal(raw, c);
                    string text = m.ToString(c);
                    value = new ConvertedValue(text + "M", text);
                    return true;
                }

                return false;
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
            float f => double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            _ => double.NaN,
        };
        return !double.IsNaN(value) && !double.IsInfinity(value);
    }
}
