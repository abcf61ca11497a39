namespace StochasticMutatorTuner.Generators.Model;

/// <summary>An [ActiveWhen] as written, before the parent is resolved against the other properties.</summary>
/// <param name="ParentProperty">The property it names.</param>
/// <param name="ParentIsMember">True when the type has a member of that name (for the message when it is not a [Param]).</param>
/// <param name="ValuesGiven">False for <c>[ActiveWhen(nameof(BoolParent))]</c>, which means "when true".</param>
/// <param name="Values">The activating values, converted to the parent's type where they can be.</param>
internal sealed record ConditionDeclaration(string ParentProperty, bool ParentIsMember, bool ValuesGiven, EquatableArray<ConditionValue> Values);
