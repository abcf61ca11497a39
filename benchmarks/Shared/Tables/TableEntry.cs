namespace StochasticMutatorTuner.Benchmarks;

/// <summary>One config of a benchmark table and its training runs (one per seed of the header).</summary>
/// <param name="Key">The config's key (<see cref="Space.ConfigKey"/>, as text).</param>
/// <param name="Config">The config's active parameters, by name, as canonical text.</param>
/// <param name="Runs">One run per seed, in the header's seed order.</param>
public sealed record TableEntry(string Key, IReadOnlyDictionary<string, string> Config, TableRun[] Runs);
