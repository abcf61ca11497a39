namespace StochasticMutatorTuner.Generators.Model;

/// <summary>One config type to generate code for.</summary>
/// <param name="Type">The type itself.</param>
/// <param name="Parameters">The parameters in declaration order (as far as they resolve, when the space is invalid).</param>
/// <param name="IsValid">
/// False when the declared space has an error: then only placeholder members are generated, so the analyzers'
/// SMT errors are not buried under follow-on compiler errors from code that uses the type.
/// </param>
internal sealed record ConfigModel(TypeModel Type, EquatableArray<ParamModel> Parameters, bool IsValid);
