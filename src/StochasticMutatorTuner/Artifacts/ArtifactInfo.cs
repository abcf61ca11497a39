namespace StochasticMutatorTuner.Artifacts;

/// <summary>A file a trial saved, as the study records it.</summary>
/// <param name="TrialNumber">The trial that saved it.</param>
/// <param name="Name">Its name (see <see cref="ArtifactNames"/>).</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="Sha256">The SHA-256 of its content, as lower-case hex.</param>
/// <param name="CreatedAt">When it was saved (UTC).</param>
/// <param name="SavedBy">The host and process that saved it (<c>host:pid</c>): which machine's disk the file went to.</param>
public sealed record ArtifactInfo(int TrialNumber, string Name, long Length, string Sha256, DateTimeOffset CreatedAt, string? SavedBy);
