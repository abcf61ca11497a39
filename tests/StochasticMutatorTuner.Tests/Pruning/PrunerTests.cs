using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Pruning;

public class PrunerTests
{
    private static TrialRecord Trial(int number, TrialState state, params double[] values) => new()
    {
        Number = number,
        Key = new ConfigKey((ulong)number),
        Genome = Array.Empty<int>(),
        Params = new Dictionary<string, object>(),
        State = state,
        StartedAt = DateTimeOffset.UnixEpoch,
        IntermediateValues = values.Select((v, i) => new IntermediateValue(i + 1, v)).ToArray(),
    };

    private static PruningContext Context(TrialRecord running, IEnumerable<TrialRecord> others, Direction direction = Direction.Minimize) =>
        new(running, running.IntermediateValues[^1].Step, running.IntermediateValues[^1].Value, others.Append(running).ToList(), direction);

    [Fact]
    public void Median_prunes_a_trial_worse_than_the_median_of_completed_trials_at_that_step()
    {
        var completed = Enumerable.Range(0, 5).Select(i => Trial(i, TrialState.Complete, 1.0, 0.5 + i * 0.1)).ToList(); // step 2: 0.5..0.9, median 0.7
        var pruner = new MedianPruner();

        Assert.True(pruner.ShouldPrune(Context(Trial(9, TrialState.Running, 1.0, 0.8), completed)));
        Assert.False(pruner.ShouldPrune(Context(Trial(9, TrialState.Running, 1.0, 0.6), completed)));
        Assert.False(pruner.ShouldPrune(Context(Trial(9, TrialState.Running, 0.65, 0.8), completed))); // best so far 0.65 < 0.7
        Assert.True(pruner.ShouldPrune(Context(Trial(9, TrialState.Running, 0.2, 0.6), completed, Direction.Maximize))); // best so far 0.6 < median 0.7
    }

    [Fact]
    public void Median_waits_for_startup_trials_and_warmup_steps_and_ignores_pruned_and_failed_trials()
    {
        var few = Enumerable.Range(0, 4).Select(i => Trial(i, TrialState.Complete, 1.0, 0.1)).ToList();
        var notCompleted = Enumerable.Range(10, 5).Select(i => Trial(i, i % 2 == 0 ? TrialState.Pruned : TrialState.Failed, 1.0, 0.1)).ToList();
        var bad = Trial(20, TrialState.Running, 1.0, 5.0);

        Assert.False(new MedianPruner().ShouldPrune(Context(bad, few.Concat(notCompleted))));
        Assert.True(new MedianPruner { StartupTrials = 4 }.ShouldPrune(Context(bad, few)));
        Assert.False(new MedianPruner { StartupTrials = 4, WarmupSteps = 2 }.ShouldPrune(Context(bad, few)));
    }

    [Fact]
    public void Successive_halving_keeps_the_best_third_at_each_rung_and_decides_nothing_between_rungs()
    {
        var pruner = new SuccessiveHalvingPruner { MinResource = 1, ReductionFactor = 3 };
        Assert.Equal(new[] { 1, 3, 9, 27 }, Enumerable.Range(1, 30).Where(pruner.IsRung));

        // At rung 1, eight others reported 0.1 .. 0.8; with the running trial n = 9, keep = 3.
        var others = Enumerable.Range(0, 8).Select(i => Trial(i, i < 4 ? TrialState.Complete : TrialState.Running, 0.1 * (i + 1))).ToList();
        Assert.False(pruner.ShouldPrune(Context(Trial(50, TrialState.Running, 0.25), others)));  // 2 better: in the top 3
        Assert.True(pruner.ShouldPrune(Context(Trial(50, TrialState.Running, 0.35), others)));   // 3 better: out
        Assert.False(pruner.ShouldPrune(Context(Trial(50, TrialState.Running, 9, 9), others)));  // step 2 is no rung
        Assert.False(pruner.ShouldPrune(Context(Trial(50, TrialState.Running, 9), others.Take(1)))); // too few at the rung
    }

    [Fact]
    public async Task A_pruned_trial_is_recorded_with_its_step_never_best_never_retried()
    {
        var options = new TunerOptions { StorageUrl = "memory", Seed = 3, Pruner = new MedianPruner { StartupTrials = 3 } };
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            double loss = config.Loss();
            for (int epoch = 1; epoch <= 5; epoch++)
            {
                await trial.ReportAsync(epoch, loss + 1.0 / epoch);
            }

            return loss;
        });

        Assert.Equal(StopReason.SpaceExhausted, result.StopReason);
        var pruned = result.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.Equal($"pruned at step {t.IntermediateValues[^1].Step}", t.Error));
        Assert.All(pruned, t => Assert.Null(t.Score));
        Assert.Equal(48, result.Trials.Select(t => t.Key).Distinct().Count());
        Assert.Equal(0, result.BestScore);
    }
}
