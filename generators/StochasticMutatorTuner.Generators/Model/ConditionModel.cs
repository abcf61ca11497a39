namespace StochasticMutatorTuner.Generators.Model;

/// <summary>A resolved [ActiveWhen]: the parameter is active while its parent holds one of the given values.</summary>
/// <param name="ParentProperty">The parent's property name.</param>
/// <param name="ParentName">The parent's parameter name.</param>
/// <param name="Indices">Indices of the parent values that activate it.</param>
internal sealed record ConditionModel(string ParentProperty, string ParentName, EquatableArray<int> Indices);
