namespace StochasticMutatorTuner.Tuning;

/// <summary>
/// Thrown by <see cref="TrialContext.Report"/> when the pruner stops the trial; let it propagate. The trial is
/// recorded as pruned at <see cref="Step"/>: never best, and never retried unless it was <see cref="Paused"/>.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception for a trial pruned at <paramref name="step"/>.</summary>
    public TrialPrunedException(int step)
        : this(step, paused: false)
    {
    }

    /// <summary>Creates the exception for a trial pruned, or paused (<paramref name="paused"/>), at <paramref name="step"/>.</summary>
    public TrialPrunedException(int step, bool paused)
        : base(paused ? $"paused at step {step}" : $"pruned at step {step}")
    {
        Step = step;
        Paused = paused;
    }

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

    /// <summary>
    /// True when the trial was paused rather than stopped for good: it was <see cref="TrialContext.Resumable"/> and had
    /// saved its checkpoint at <see cref="Step"/>, so a worker may later resume it from there
    /// (<see cref="TrialContext.ResumeFromStep"/>). The objective stops either way.
    /// </summary>
    public bool Paused { get; }
}
