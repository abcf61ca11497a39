namespace StochasticMutatorTuner.Space;

/// <summary>A parameter is active only while its <paramref name="Parent"/> is active and has one of the values at <paramref name="AllowedIndices"/>.</summary>
/// <param name="Parent">The parent parameter's name.</param>
/// <param name="AllowedIndices">Positions in the parent's value list.</param>
public sealed record ParameterCondition(string Parent, IReadOnlyList<int> AllowedIndices)
{
    /// <inheritdoc />
    public bool Equals(ParameterCondition? other) =>
        other is not null && Parent == other.Parent && AllowedIndices.SequenceEqual(other.AllowedIndices);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Parent);
        foreach (var i in AllowedIndices)
        {
            hash.Add(i);
        }

        return hash.ToHashCode();
    }
}
