namespace StochasticMutatorTuner.Generators.Model;

/// <summary>A constant from an attribute, converted to a parameter's type.</summary>
/// <param name="Literal">C# source for the value (invariant culture, with a type suffix).</param>
/// <param name="Canonical">The runtime's canonical text for the value (what keys and storage use).</param>
internal readonly record struct ConvertedValue(string Literal, string Canonical);
