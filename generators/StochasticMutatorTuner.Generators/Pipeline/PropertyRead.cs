using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Pipeline;

/// <summary>The output of the per-property step: one [Param] property, and the type that contains it.</summary>
/// <param name="Type">The containing type (the same value for every property of a type: the grouping key).</param>
/// <param name="Order">The property's position among the type's members, so grouping keeps declaration order.</param>
/// <param name="Declaration">The property as read, or null when it cannot be a parameter.</param>
/// <param name="HasError">True when reading the property or its type found an error.</param>
internal sealed record PropertyRead(TypeModel Type, int Order, ParamDeclaration? Declaration, bool HasError);
