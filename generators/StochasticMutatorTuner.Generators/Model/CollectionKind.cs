namespace StochasticMutatorTuner.Generators.Model;

/// <summary>How a per-layer property holds its elements.</summary>
internal enum CollectionKind
{
    None,
    Array,
    List,
}
