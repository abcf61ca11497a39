using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Storage;

/// <summary>A study as stored.</summary>
/// <param name="Id">The storage's identifier for the study.</param>
/// <param name="Name">The study's name.</param>
/// <param name="Direction">Whether lower or higher scores are better.</param>
/// <param name="SpaceFingerprint">The fingerprint of the space the study was last run with.</param>
/// <param name="SpaceJson">The description of that space.</param>
/// <param name="CreatedAt">When the study was created (UTC).</param>
public sealed record StudyInfo(long Id, string Name, Direction Direction, string SpaceFingerprint, string SpaceJson, DateTimeOffset CreatedAt);
