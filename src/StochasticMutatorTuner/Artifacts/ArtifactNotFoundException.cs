namespace StochasticMutatorTuner.Artifacts;

/// <summary>An artifact that was asked for does not exist (never saved, deleted by a best-k rule, or its file is gone); the message says which and where.</summary>
public sealed class ArtifactNotFoundException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ArtifactNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ArtifactNotFoundException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ArtifactNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
