using System.Globalization;
using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Tuning;

/// <summary>
/// A worker whose trials pause and are promoted (ResumableCurve), for the multi-process pause-and-promote test. Each
/// trial's curve is 1 worse per trial number, so every rung fills with worse values as the study grows and paused
/// trials become promotable whatever order the workers' trials finish in (without it, some runs promoted nothing).
/// </summary>
internal static class PauseWorker
{
    public static async Task<int> RunAsync(string storage, string study, int trials, string folder, int epochDelayMs)
    {
        var options = new TunerOptions
        {
            StorageUrl = storage,
            StudyName = study,
            MaxTrials = trials,
            ArtifactFolder = folder,
            MaxConsecutiveFailures = null,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            StaleTrialTimeout = TimeSpan.FromSeconds(10),
            Pruner = new SuccessiveHalvingPruner { MinResourceFraction = 0 }, // rungs at epochs 1 and 3
        };
        var result = await new Tuner<SmallConfig>(options).SearchAsync(ResumableCurve.Objective(new ResumableLog(echo: true), epochDelayMs: epochDelayMs, trend: 1));

        // This worker's final view of every trial.
        foreach (var t in result.Trials)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"final {t.Number} {t.State} {(t.Paused ? 1 : 0)} {t.PrunedStep ?? 0} {(t.IntermediateValues.Count == 0 ? 0 : t.IntermediateValues[^1].Step)}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total {result.Study.TotalSteps}"));
        Worker.PrintView(result);
        return 0;
    }
}
