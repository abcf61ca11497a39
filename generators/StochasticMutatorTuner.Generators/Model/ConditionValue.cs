namespace StochasticMutatorTuner.Generators.Model;

/// <summary>One activating value of an [ActiveWhen].</summary>
/// <param name="Display">How the value is written in messages.</param>
/// <param name="Canonical">Its canonical text as a value of the parent's type, or null when it does not fit that type.</param>
internal readonly record struct ConditionValue(string Display, string? Canonical);
