using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Storage;

/// <summary>What a study is created with.</summary>
/// <param name="Name">The study's name: data, never part of a path or of SQL text.</param>
/// <param name="Direction">Whether lower or higher scores are better.</param>
/// <param name="SpaceFingerprint">The search space's <see cref="Space.SearchSpace.Fingerprint"/>.</param>
/// <param name="SpaceJson">The search space's description (see <see cref="Space.SpaceDescription"/>).</param>
public sealed record StudyDefinition(string Name, Direction Direction, string SpaceFingerprint, string SpaceJson);
