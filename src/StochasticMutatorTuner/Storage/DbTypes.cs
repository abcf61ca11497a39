namespace StochasticMutatorTuner.Storage;

/// <summary>The column types of one database dialect.</summary>
/// <param name="Identity">An auto-numbered primary key column.</param>
/// <param name="BigInt">A 64-bit integer.</param>
/// <param name="Real">A double.</param>
internal sealed record DbTypes(string Identity, string BigInt, string Real);
