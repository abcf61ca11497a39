namespace StochasticMutatorTuner.Storage;

/// <summary>What a study's trials looked like at one moment, from some position of its change feed on.</summary>
/// <param name="Trials">Every trial written after the requested cursor (and possibly some written just before it), by number.</param>
/// <param name="Cursor">
/// Where the next read should start so that nothing committed after this read is missed. Opaque: only the storage
/// that returned it knows what it means; start from 0.
/// </param>
public sealed record TrialChanges(IReadOnlyList<StoredTrial> Trials, long Cursor);
