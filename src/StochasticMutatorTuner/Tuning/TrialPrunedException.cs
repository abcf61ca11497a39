namespace StochasticMutatorTuner.Tuning;

/// <summary>
/// Thrown by <see cref="TrialContext.Report"/> when the pruner stops the trial; let it propagate. The trial is
/// recorded as pruned at <see cref="Step"/>: never best, never retried.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception for a trial pruned at <paramref name="step"/>.</summary>
    public TrialPrunedException(int step)
        : base($"pruned at step {step}") => Step = step;

    /// <summary>Creates the exception.</summary>
    public TrialPrunedException()
        : this(0)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrialPrunedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrialPrunedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The step at which the trial was stopped.</summary>
    public int Step { get; }
}
