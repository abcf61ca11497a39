using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Tuning;

/// <summary><see cref="TunerOptions.MaxTotalSteps"/>: the study's compute, counted from its trials' reports.</summary>
public class ComputeBudgetTests
{
    private static async Task<double?> Epochs(SmallConfig config, TrialContext trial, int epochs)
    {
        trial.MaxStep = epochs;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            await trial.ReportAsync(epoch, config.Loss() + 1.0 / epoch);
        }

        return config.Loss();
    }

    private static long LastSteps(IEnumerable<TrialRecord> trials) => trials.Sum(t => t.IntermediateValues.Count == 0 ? 0L : t.IntermediateValues[^1].Step);

    [Fact]
    public async Task The_search_stops_proposing_once_the_trials_reported_the_budget_in_steps()
    {
        var options = new TunerOptions { StorageUrl = "memory", Seed = 1, MaxTotalSteps = 25 };
        var result = await new Tuner<SmallConfig>(options).SearchAsync((config, trial) => Epochs(config, trial, 4));

        // 6 trials make 24 steps, below 25: a 7th starts and trains all its 4 epochs.
        Assert.Equal(StopReason.MaxTotalStepsReached, result.StopReason);
        Assert.Equal((7, 28L, 28L), (result.Trials.Count, result.TotalSteps, result.Study.TotalSteps));
    }

    [Fact]
    public async Task Pruned_trials_count_the_steps_they_trained_and_the_last_trial_starts_below_the_budget()
    {
        var options = new TunerOptions
        {
            StorageUrl = "memory",
            Seed = 4,
            MaxTotalSteps = 90,
            Pruner = new MedianPruner { StartupTrials = 3, MinTrialsAtStep = 3 },
        };
        var result = await new Tuner<SmallConfig>(options).SearchAsync((config, trial) => Epochs(config, trial, 6));

        Assert.Equal(StopReason.MaxTotalStepsReached, result.StopReason);
        Assert.Contains(result.Trials, t => t.State == TrialState.Pruned);
        Assert.Equal(LastSteps(result.Trials), result.TotalSteps);
        Assert.InRange(LastSteps(result.Trials.SkipLast(1)), 0, 89); // one worker, one trial at a time: the last began below 90
        Assert.True(result.TotalSteps >= 90);
        Assert.True(result.Trials.Count > 15, $"90 epochs of 6-epoch trials with pruning should run more than 15 trials; ran {result.Trials.Count}");
    }

    [Fact]
    public async Task The_budget_counts_the_whole_study_failed_trials_included_so_a_resumed_search_runs_only_the_rest()
    {
        await using var storage = new InMemoryStudyStorage();
        TunerOptions Options(long budget) => new() { Storage = storage, Seed = 3, MaxTotalSteps = budget, MaxConsecutiveFailures = null };
        var first = await new Tuner<SmallConfig>(Options(10)).SearchAsync(async (config, trial) =>
        {
            await trial.ReportAsync(1, 1.0);
            await trial.ReportAsync(2, 1.0);
            throw new InvalidOperationException("diverged after two epochs");
        });
        var again = await new Tuner<SmallConfig>(Options(10)).SearchAsync((config, trial) => Epochs(config, trial, 4));
        var more = await new Tuner<SmallConfig>(Options(18)).SearchAsync((config, trial) => Epochs(config, trial, 4));

        Assert.Equal((StopReason.MaxTotalStepsReached, 5, 10L), (first.StopReason, first.TrialsThisRun, first.TotalSteps));
        Assert.All(first.Trials, t => Assert.Equal(TrialState.Failed, t.State));
        Assert.Equal((StopReason.MaxTotalStepsReached, 0, 10L), (again.StopReason, again.TrialsThisRun, again.TotalSteps));
        Assert.Equal((StopReason.MaxTotalStepsReached, 2, 18L), (more.StopReason, more.TrialsThisRun, more.TotalSteps));
    }

    [Fact]
    public async Task Concurrent_trials_end_above_the_budget_by_less_than_what_they_can_still_train()
    {
        var options = new TunerOptions { StorageUrl = "memory", Seed = 5, MaxTotalSteps = 20, MaxConcurrentTrials = 3 };
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            await Task.Delay(5);
            return await Epochs(config, trial, 4);
        });

        Assert.Equal(StopReason.MaxTotalStepsReached, result.StopReason);
        Assert.InRange(result.TotalSteps, 20, 20 + 3 * 4 - 1);
        Assert.Equal(LastSteps(result.Trials), result.TotalSteps);
    }

    [Fact]
    public void A_negative_budget_is_refused_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => new TunerOptions { MaxTotalSteps = -1 }.Validate());
        Assert.Contains("MaxTotalSteps cannot be negative (was -1)", e.Message, StringComparison.Ordinal);
    }
}
