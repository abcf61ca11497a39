namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>
/// Where a problem is, as a value: a part of a named property's declaration (or of the type). The analyzers turn it
/// into a source location (SiteLocator) only when they report it, so reading and checking a space
/// needs no <c>Location</c> and the generator's steps stay cacheable.
/// </summary>
/// <param name="Kind">Which part.</param>
/// <param name="Property">The property's name ("" for the type).</param>
/// <param name="Index">The value's position, or for <see cref="SiteKind.Type"/> how many containing levels out.</param>
internal readonly record struct Site(SiteKind Kind, string Property, int Index = 0)
{
    /// <summary>The config type (depth 0) or one of its containing types.</summary>
    public static Site OfType(int depth) => new(SiteKind.Type, "", depth);
}
