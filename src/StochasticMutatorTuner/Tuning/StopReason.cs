namespace StochasticMutatorTuner.Tuning;

/// <summary>Why a search stopped.</summary>
public enum StopReason
{
    /// <summary>The study reached <see cref="TunerOptions.MaxTrials"/>.</summary>
    MaxTrialsReached,

    /// <summary>The study's trials reported <see cref="TunerOptions.MaxTotalSteps"/> steps in total.</summary>
    MaxTotalStepsReached,

    /// <summary><see cref="TunerOptions.Timeout"/> elapsed; trials still running were cancelled.</summary>
    TimeoutReached,

    /// <summary>A trial reached <see cref="TunerOptions.TargetScore"/>.</summary>
    TargetReached,

    /// <summary>Every distinct config of the space has been tried.</summary>
    SpaceExhausted,

    /// <summary><see cref="TunerOptions.MaxConsecutiveFailures"/> trials failed in a row.</summary>
    TooManyFailures,

    /// <summary>The caller's cancellation token was cancelled; running trials were marked failed (<see cref="Trials.TrialFailureKind.Cancelled"/>).</summary>
    Cancelled,
}
