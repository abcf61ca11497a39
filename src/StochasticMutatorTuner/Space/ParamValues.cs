namespace StochasticMutatorTuner.Space;

/// <summary>The one place that turns parameter values into canonical, culture-independent text and back.</summary>
/// <remarks>
/// Keys, fingerprints, storage and reports all use this text, so it must never depend on the current culture
/// or the .NET version: numbers use the invariant culture with round-trip precision.
/// </remarks>
public static class ParamValues
{
    /// <summary>The canonical text of <paramref name="value"/> (e.g. <c>0.001</c>, <c>true</c>, <c>relu</c>, <c>Adam</c>).</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        bool b => CanonicalText.Of(b),
        int i => CanonicalText.Of(i),
        long l => CanonicalText.Of(l),
        float f => CanonicalText.Of(f),
        double d => CanonicalText.Of(d),
        decimal m => CanonicalText.Of(m),
        string s => s,
        System.Enum e => e.ToString(),
        _ => throw new ArgumentException($"Unsupported parameter value type {value.GetType()}.", nameof(value)),
    };

    /// <summary>The kind of a boxed value, or throws for an unsupported type.</summary>
    public static ParamKind KindOf(object? value) => value switch
    {
        bool => ParamKind.Boolean,
        int => ParamKind.Int32,
        long => ParamKind.Int64,
        float => ParamKind.Single,
        double => ParamKind.Double,
        decimal => ParamKind.Decimal,
        string => ParamKind.String,
        System.Enum => ParamKind.Enum,
        null => throw new ArgumentException("A parameter value cannot be null."),
        _ => throw new ArgumentException($"Unsupported parameter value type {value.GetType()}; use int, long, float, double, decimal, string, bool or an enum."),
    };

    /// <summary>The kind's name as written in C# (for messages and fingerprints).</summary>
    public static string KindName(ParamKind kind) => kind switch
    {
        ParamKind.Int32 => "int",
        ParamKind.Int64 => "long",
        ParamKind.Single => "float",
        ParamKind.Double => "double",
        ParamKind.Decimal => "decimal",
        ParamKind.String => "string",
        ParamKind.Boolean => "bool",
        _ => "enum",
    };

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are the same parameter value.</summary>
    public static bool AreEqual(object? a, object? b) => Equals(a, b) || (a is not null && b is not null && a.GetType() != b.GetType() && Format(a) == Format(b));
}
