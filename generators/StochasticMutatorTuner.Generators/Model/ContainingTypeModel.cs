namespace StochasticMutatorTuner.Generators.Model;

/// <summary>A type that contains the config type (nested classes).</summary>
/// <param name="Keyword">"class", "record", "struct", "interface" or "record struct".</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);
