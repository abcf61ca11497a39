namespace StochasticMutatorTuner.Storage;

/// <summary>The result of a reservation attempt.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Trial">The new trial (<see cref="ReservationStatus.Created"/>), the existing one (<see cref="ReservationStatus.KeyTaken"/>), or null.</param>
public readonly record struct ReservationResult(ReservationStatus Status, StoredTrial? Trial);
