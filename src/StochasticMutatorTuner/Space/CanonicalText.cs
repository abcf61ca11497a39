using System.Globalization;

namespace StochasticMutatorTuner.Space;

/// <summary>
/// The canonical, culture-independent text of a parameter value: what keys, fingerprints and storage use. This file
/// is compiled into the runtime and, linked, into the source generator and analyzers, so the text the generator
/// works out at build time is exactly the text the runtime computes (one home for "value to text").
/// </summary>
/// <remarks>Numbers use the invariant culture with round-trip precision; booleans are lower case.</remarks>
internal static class CanonicalText
{
    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static string Of(bool value) => value ? "true" : "false";

    /// <summary>An integer in the invariant culture (also for <see cref="int"/>).</summary>
    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The shortest text that reads back as the same <see cref="float"/>.</summary>
    public static string Of(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The shortest text that reads back as the same <see cref="double"/>.</summary>
    public static string Of(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A decimal in the invariant culture, keeping its scale (<c>0.10</c> stays <c>0.10</c>).</summary>
    public static string Of(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
