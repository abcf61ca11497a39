namespace StochasticMutatorTuner;

/// <summary>What to do when a study's stored space cannot be continued by the current one.</summary>
public enum SpaceMismatchPolicy
{
    /// <summary>Throw <see cref="StudySpaceMismatchException"/> saying what changed (the default).</summary>
    Fail,

    /// <summary>Leave the old study as it is and run a new one named <c>{name}@{fingerprint}</c>.</summary>
    StartNewStudy,
}
