using Microsoft.Extensions.Logging;

namespace StochasticMutatorTuner.Tuning;

/// <summary>The engine's log messages, source-generated (no boxing, no formatting when disabled).</summary>
internal static partial class TunerLog
{
    [LoggerMessage(1, LogLevel.Information, "Study '{Study}' in {Storage}: {Trials} trials stored, best {Best}")]
    public static partial void StudyOpened(ILogger logger, string study, string storage, int trials, string best);

    [LoggerMessage(2, LogLevel.Debug, "Trial {Number} started: {Params}")]
    public static partial void TrialStarted(ILogger logger, int number, string @params);

    [LoggerMessage(3, LogLevel.Information, "Trial {Number} {State}: score {Score} ({Seconds:F1} s)")]
    public static partial void TrialFinished(ILogger logger, int number, string state, string score, double seconds);

    [LoggerMessage(4, LogLevel.Warning, "Trial {Number} failed: {Error}")]
    public static partial void TrialFailed(ILogger logger, int number, string error);

    [LoggerMessage(5, LogLevel.Information, "New best: trial {Number} score {Score}; changed {Changes}")]
    public static partial void NewBest(ILogger logger, int number, double score, string changes);

    [LoggerMessage(6, LogLevel.Information, "Search finished ({Reason}): {Trials} trials this run, best {Best}")]
    public static partial void SearchFinished(ILogger logger, StopReason reason, int trials, string best);

    [LoggerMessage(7, LogLevel.Warning, "Marked {Count} stale trial(s) of study '{Study}' as failed")]
    public static partial void StaleTrials(ILogger logger, int count, string study);

    [LoggerMessage(8, LogLevel.Warning, "An observer threw; the search goes on")]
    public static partial void ObserverFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Trial {Number} was failed as stale by another worker while this one could not reach the storage or was paused; its result ({Outcome}) is dropped")]
    public static partial void FinishRejected(ILogger logger, int number, string outcome);

    [LoggerMessage(10, LogLevel.Warning, "The storage failed while {What}: {Error} Retrying with backoff.")]
    public static partial void StorageRetrying(ILogger logger, string what, string error);

    [LoggerMessage(11, LogLevel.Warning, "Trial {Number} did not stop within {Seconds:F0} s of being cancelled ({Reason}); it is abandoned and its objective may still be running")]
    public static partial void TrialAbandoned(ILogger logger, int number, double seconds, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Study '{Study}' holds {Count} trial(s) with parameters or values this worker's space does not have (another version of the config?); they are counted but never used as parents here")]
    public static partial void ForeignTrials(ILogger logger, string study, int count);

    [LoggerMessage(13, LogLevel.Warning, "The checkpoint of trial {Number} could not be deleted ({Error}); it stays in the artifact folder")]
    public static partial void CheckpointNotDeleted(ILogger logger, int number, string error);
}
