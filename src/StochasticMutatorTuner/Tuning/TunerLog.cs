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

    [LoggerMessage(9, LogLevel.Warning, "Trial {Number} could not be finished in the storage (it was probably marked stale): {Error}")]
    public static partial void FinishRejected(ILogger logger, int number, string error);
}
