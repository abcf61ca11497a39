using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Pipeline;

/// <summary>The [Param] properties of one type, grouped from the per-property steps.</summary>
/// <param name="Type">The type.</param>
/// <param name="HasError">True when any property (or the type) has an error of its own.</param>
/// <param name="Declarations">The readable properties, in declaration order.</param>
internal sealed record TypeGroup(TypeModel Type, bool HasError, EquatableArray<ParamDeclaration> Declarations);
