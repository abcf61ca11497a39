namespace StochasticMutatorTuner.Space;

/// <summary>
/// A resolver whose space grows as a define-by-run build function declares parameters. Its studies accept
/// added parameters; a parameter whose declared values differ from the stored ones fails when it is declared.
/// </summary>
public interface IGrowingSpaceResolver : ISpaceResolver
{
    /// <summary>Adds the parameters of a stored space description that the resolver does not know yet.</summary>
    void Seed(IReadOnlyList<ParameterDescription> stored);
}
