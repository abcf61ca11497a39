using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// Writes a large study for measuring `smt dashboard` and `smt report`: SyntheticConfig (11 parameters, 3 of them
/// conditional) searched at random, every trial reporting 10 steps and two metrics, a median pruner stopping many.
/// The objective costs nothing, so the time is the storage's.
/// </summary>
public static class DashboardStudy
{
    public static async Task<SearchResult<SyntheticConfig>> WriteAsync(string file, int trials, TextWriter log)
    {
        var options = new TunerOptions
        {
            StorageUrl = file,
            StudyName = "synthetic-" + trials,
            MaxTrials = trials,
            Seed = 1,
            Strategy = new RandomSearch(),
            Pruner = new MedianPruner { StartupTrials = 20, WarmupSteps = 2 },
            MaxConsecutiveFailures = null,
        };
        var started = DateTime.UtcNow;
        var result = await new Tuner<SyntheticConfig>(options).SearchAsync(async (config, trial) =>
        {
            double loss = config.TrueLoss();
            for (int step = 1; step <= 10; step++)
            {
                await trial.ReportAsync(step, loss + 5.0 / step);
            }

            trial.SetMetric("accuracy", 1 / (1 + loss));
            trial.SetMetric("train_loss", loss * 0.9);
            if (trial.Number % 100 == 99)
            {
                log.WriteLine($"{trial.Number + 1} trials, {(DateTime.UtcNow - started).TotalSeconds:F0} s");
            }

            return loss;
        });
        log.WriteLine($"{result.Trials.Count} trials in {Path.GetFullPath(file)} ({(DateTime.UtcNow - started).TotalSeconds:F0} s)");
        return result;
    }
}
