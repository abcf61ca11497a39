namespace StochasticMutatorTuner.Storage;

/// <summary>How a reservation attempt ended.</summary>
public enum ReservationStatus
{
    /// <summary>A new running trial was created for the caller.</summary>
    Created,

    /// <summary>The study already has a trial with that key (returned in <see cref="ReservationResult.Trial"/>).</summary>
    KeyTaken,

    /// <summary>The study already holds <see cref="TrialReservation.MaxTrials"/> trials that count; nothing was created.</summary>
    StudyFull,
}
