namespace StochasticMutatorTuner.Storage;

/// <summary>A write that needs a running trial found the trial finished (or absent).</summary>
public sealed class TrialNotRunningException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TrialNotRunningException(string message, StoredTrial current)
        : base(message)
    {
        Current = current;
    }

    /// <summary>Creates the exception.</summary>
    public TrialNotRunningException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrialNotRunningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrialNotRunningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The trial as it is stored now, or null when the study has no such trial.</summary>
    public StoredTrial? Current { get; }
}
