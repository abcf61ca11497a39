using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Pruning;

/// <summary>What the engine guarantees around any pruner: never at the last step, the declared last step, the compute budget.</summary>
public class PrunerEngineTests
{
    /// <summary>Prunes every trial it is asked about (once <paramref name="afterComplete"/> trials are complete).</summary>
    private sealed class PruneEverything(int afterComplete = 0) : IPruner
    {
        public List<(int Trial, int Step, int? MaxStep)> Asked { get; } = new();

        public bool ShouldPrune(PruningContext context)
        {
            lock (Asked)
            {
                Asked.Add((context.Trial.Number, context.Step, context.MaxStep));
            }

            return context.Trials.Count(t => t.State == TrialState.Complete) >= afterComplete;
        }
    }

    private static TunerOptions Memory(IPruner? pruner, int? maxTrials = null) => new() { StorageUrl = "memory", Seed = 2, Pruner = pruner, MaxTrials = maxTrials };

    [Fact]
    public async Task A_trial_is_never_pruned_at_its_declared_last_step()
    {
        var pruner = new PruneEverything();
        var result = await new Tuner<SmallConfig>(Memory(pruner, maxTrials: 6)).SearchAsync(async (config, trial) =>
        {
            trial.MaxStep = 1 + trial.Number % 3; // one to three epochs
            for (int step = 1; step <= trial.MaxStep; step++)
            {
                await trial.ReportAsync(step, config.Loss());
            }

            return config.Loss();
        });

        // Trials with one epoch have nothing but a last step: never asked, complete. The others are pruned at step 1.
        Assert.All(result.Trials, t => Assert.Equal(t.Number % 3 == 0 ? TrialState.Complete : TrialState.Pruned, t.State));
        Assert.All(result.Trials.Where(t => t.State == TrialState.Pruned), t => Assert.Equal(1, t.PrunedStep));
        Assert.DoesNotContain(pruner.Asked, a => a.Step >= 1 + a.Trial % 3);
        Assert.All(pruner.Asked, a => Assert.Equal(1 + a.Trial % 3, a.MaxStep));
    }

    [Fact]
    public async Task Without_a_declared_last_step_the_longest_complete_trial_stands_in_for_it()
    {
        var pruner = new PruneEverything(afterComplete: 1);
        var result = await new Tuner<SmallConfig>(Memory(pruner, maxTrials: 5)).SearchAsync(async (config, trial) =>
        {
            await trial.ReportAsync(1, config.Loss());
            await trial.ReportAsync(3, config.Loss());
            return config.Loss();
        });

        // Trial 0 completes (nothing to compare with); later trials are pruned at step 1 but never asked at step 3.
        Assert.Equal(TrialState.Complete, result.Trials[0].State);
        Assert.All(result.Trials.Skip(1), t => Assert.Equal((TrialState.Pruned, 1), (t.State, t.PrunedStep)));
        Assert.Contains(pruner.Asked, a => a is { Trial: 0, Step: 3, MaxStep: null }); // the first trial could not know
        Assert.All(pruner.Asked.Where(a => a.Trial > 0), a => Assert.Equal((1, 3), (a.Step, a.MaxStep)));
    }

    [Fact]
    public async Task A_report_beyond_the_declared_last_step_fails_the_trial_with_a_message_that_says_so()
    {
        var options = Memory(null, maxTrials: 1);
        options.MaxConsecutiveFailures = 1;
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            trial.MaxStep = 2;
            for (int step = 1; step <= 3; step++)
            {
                await trial.ReportAsync(step, config.Loss());
            }

            return config.Loss();
        });

        var failed = Assert.Single(result.Trials);
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Contains("declared 2 as its last step (MaxStep) but reported step 3", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_step_cannot_be_declared_below_a_step_already_reported_nor_below_1()
    {
        Exception? belowReported = null, zero = null;
        var result = await new Tuner<SmallConfig>(Memory(null, maxTrials: 1)).SearchAsync(async (config, trial) =>
        {
            await trial.ReportAsync(3, 1.0);
            belowReported = Record.Exception(() => trial.MaxStep = 2);
            zero = Record.Exception(() => trial.MaxStep = 0);
            trial.MaxStep = 3;
            return config.Loss();
        });

        Assert.Equal(TrialState.Complete, Assert.Single(result.Trials).State);
        Assert.Contains("already reported step 3, beyond the declared last step 2", Assert.IsType<ArgumentException>(belowReported).Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentOutOfRangeException>(zero);
    }
}
