using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>
/// Hooks for progress displays and reports. Every method has an empty default, so implement only what you need.
/// </summary>
/// <remarks>
/// <b>Thread-safety:</b> calls are serialized (never two at once for one search) but may come from any thread.
/// An observer that throws does not stop the search; the exception is logged.
/// </remarks>
public interface ISearchObserver
{
    /// <summary>A trial was reserved and is about to run, or a paused trial was promoted and is about to run again.</summary>
    void OnTrialStarted(TrialRecord trial)
    {
    }

    /// <summary>A trial finished (complete, failed, pruned or paused; a promoted trial finishes again).</summary>
    void OnTrialFinished(SearchProgress progress)
    {
    }

    /// <summary>A trial became the new best; <paramref name="changes"/> lists what differs from the previous best.</summary>
    void OnNewBest(TrialRecord best, TrialRecord? previous, IReadOnlyList<ParameterChange> changes)
    {
    }

    /// <summary>
    /// The storage failed transiently (a restart, a dropped connection, a busy database) and the search is retrying
    /// with backoff; <paramref name="message"/> says what failed and for how long the search keeps trying. Sent at
    /// most once every few seconds.
    /// </summary>
    void OnStorageRetrying(string message)
    {
    }

    /// <summary>The search stopped.</summary>
    void OnSearchFinished(SearchResult result)
    {
    }
}
