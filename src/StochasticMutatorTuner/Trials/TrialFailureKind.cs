namespace StochasticMutatorTuner.Trials;

/// <summary>Why a <see cref="TrialState.Failed"/> trial failed.</summary>
public enum TrialFailureKind
{
    /// <summary>The objective threw; <see cref="TrialRecord.Error"/> holds the exception's type and message.</summary>
    Error,

    /// <summary>The search was cancelled (its token, or its <see cref="Tuning.TunerOptions.Timeout"/>) while the trial ran.</summary>
    Cancelled,

    /// <summary>The trial ran longer than <see cref="Tuning.TunerOptions.TrialTimeout"/>.</summary>
    TimedOut,

    /// <summary>Its worker stopped sending heartbeats (killed, frozen or cut off) and another worker marked it failed.</summary>
    Stale,
}
