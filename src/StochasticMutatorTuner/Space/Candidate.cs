namespace StochasticMutatorTuner.Space;

/// <summary>A genome together with which of its parameters are active and its key.</summary>
/// <param name="Genome">One value index per parameter of the current space.</param>
/// <param name="Active">Which parameters are active.</param>
/// <param name="Key">The config key (hash of the active values).</param>
public sealed record Candidate(int[] Genome, bool[] Active, ConfigKey Key);
