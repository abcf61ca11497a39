namespace StochasticMutatorTuner.Space;

/// <summary>
/// Decides which parameters of a genome are active. For typed spaces that follows from declared conditions;
/// for define-by-run spaces it is whatever the user's build function read, and the space may grow as new
/// parameters are discovered.
/// </summary>
/// <remarks>Called by one thread at a time (under the study's lock).</remarks>
public interface ISpaceResolver
{
    /// <summary>The parameters known so far.</summary>
    SearchSpace Space { get; }

    /// <summary>
    /// Resolves <paramref name="genome"/>: a genome shorter than the current space is extended with random
    /// values; the result's genome has one entry per parameter of <see cref="Space"/> after the call.
    /// </summary>
    Candidate Resolve(ReadOnlySpan<int> genome, Random random);
}

/// <summary>The resolver of a space whose activity follows from its declared conditions.</summary>
/// <param name="space">The space.</param>
public sealed class ConditionalSpaceResolver(SearchSpace space) : ISpaceResolver
{
    /// <inheritdoc />
    public SearchSpace Space { get; } = space ?? throw new ArgumentNullException(nameof(space));

    /// <inheritdoc />
    public Candidate Resolve(ReadOnlySpan<int> genome, Random random)
    {
        var full = new int[Space.Count];
        genome[..Math.Min(genome.Length, full.Length)].CopyTo(full);
        for (int i = genome.Length; i < full.Length; i++)
        {
            full[i] = random.Next(Space.Parameters[i].Values.Count);
        }

        Space.Validate(full);
        var active = Space.GetActive(full);
        return new Candidate(full, active, Space.KeyOf(full, active));
    }
}
