using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>One problem found while reading a declared space.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Site">Where (the attribute argument, attribute, property or type).</param>
/// <param name="Args">Message arguments, as documented on <see cref="SpaceProblemKind"/>.</param>
internal sealed record SpaceProblem(SpaceProblemKind Kind, Site Site, EquatableArray<string> Args)
{
    /// <summary>True when the space cannot be generated: an error, or an argument the compiler already rejects.</summary>
    public bool IsError => DiagnosticDescriptors.IsError(Kind);
}
