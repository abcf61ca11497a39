namespace StochasticMutatorTuner.Storage;

/// <summary>
/// A storage could not do what was asked. The message is one line that names the storage (file, or host and
/// database; never a password) and says what to do.
/// </summary>
public sealed class StudyStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StudyStorageException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>Creates the exception.</summary>
    public StudyStorageException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public StudyStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StudyStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// True when the same call may succeed if retried (a server restart, a dropped connection, a busy database);
    /// a <see cref="Study"/> retries such failures with backoff for a bounded time before it gives up.
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>
    /// True when nothing answered at the storage's address (a refused connection): the server may be restarting, or
    /// the address may be wrong; opening a study waits less for this than for a busy server.
    /// </summary>
    internal bool IsUnreachable { get; init; }
}
