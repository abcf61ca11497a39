using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Studies;

/// <summary>How <see cref="Study"/>'s reservation ended: <see cref="ReservationStatus.Created"/> (the trial is this worker's), <see cref="ReservationStatus.KeyTaken"/> or <see cref="ReservationStatus.StudyFull"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Trial">The new or the existing trial; null when the study is full.</param>
internal readonly record struct StudyReservation(ReservationStatus Status, TrialRecord? Trial);
