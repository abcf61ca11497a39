using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;
using static StochasticMutatorTuner.Tests.Pruning.Curves;

namespace StochasticMutatorTuner.Tests.Pruning;

public class PrunerTests
{
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
    public void Median_judges_against_every_trial_that_reported_at_the_step_not_only_the_complete_survivors()
    {
        // Five complete trials (0.1 .. 0.5 at step 2) and four pruned there at 0.9: the median of all nine is 0.5; of
        // the complete ones alone (Optuna's reference) 0.3, which would prune a trial at 0.45.
        var complete = Enumerable.Range(0, 5).Select(i => Trial(i, TrialState.Complete, 1.0, 0.1 * (i + 1))).ToList();
        var pruned = Enumerable.Range(5, 4).Select(i => Trial(i, TrialState.Pruned, 1.0, 0.9)).ToList();
        var pruner = new MedianPruner();

        Assert.False(pruner.ShouldPrune(Context(Trial(20, TrialState.Running, 1.0, 0.45), complete.Concat(pruned))));
        Assert.True(pruner.ShouldPrune(Context(Trial(20, TrialState.Running, 1.0, 0.45), complete)));
        Assert.True(pruner.ShouldPrune(Context(Trial(20, TrialState.Running, 1.0, 0.55), complete.Concat(pruned))));
    }

    [Fact]
    public void The_median_by_selection_is_the_median_of_the_sorted_values_with_ties_and_either_parity()
    {
        var random = new Random(4);
        for (int n = 1; n <= 60; n++)
        {
            var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(8)).ToList(); // many ties
            var sorted = values.Order().ToArray();
            double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            Assert.Equal(expected, MedianPruner.Median(values));
        }
    }

    [Fact]
    public void The_warm_up_defaults_to_a_quarter_and_the_first_rung_to_half_of_the_training_and_an_explicit_one_that_is_later_wins()
    {
        // Six complete trials at 0.1 for 20 steps; a running trial far worse at every step.
        var others = Enumerable.Range(0, 6).Select(i => Trial(i, TrialState.Complete, Enumerable.Repeat(0.1, 20).ToArray())).ToList();
        TrialRecord Bad(int steps) => Trial(30, TrialState.Running, Enumerable.Repeat(5.0, steps).ToArray());
        var median = new MedianPruner();

        Assert.False(median.ShouldPrune(Context(Bad(5), others, maxStep: 20))); // ⌊0.25 · 20⌋ = 5: still warming up
        Assert.True(median.ShouldPrune(Context(Bad(6), others, maxStep: 20)));
        Assert.False(median.ShouldPrune(Context(Bad(1), others, maxStep: 6)));  // ⌊1.5⌋ = 1
        Assert.True(median.ShouldPrune(Context(Bad(2), others, maxStep: 6)));
        Assert.True(median.ShouldPrune(Context(Bad(1), others)));               // last step unknown: WarmupSteps (0) alone
        Assert.False(new MedianPruner { WarmupSteps = 8 }.ShouldPrune(Context(Bad(6), others, maxStep: 20)));
        Assert.True(new MedianPruner { WarmupFraction = 0 }.ShouldPrune(Context(Bad(1), others, maxStep: 20)));

        var halving = new SuccessiveHalvingPruner(); // η = 3, first rung at half the training
        Assert.Equal((10, 3, 1), (halving.FirstRung(20), halving.FirstRung(6), halving.FirstRung(null)));
        Assert.Equal(new[] { 10 }, Enumerable.Range(1, 20).Where(s => halving.IsRung(s, 20)));
        Assert.Equal(new[] { 4 }, Enumerable.Range(1, 9).Where(s => halving.IsRung(s, 9))); // ⌊4.5⌋; 12 is past the end
        Assert.False(halving.ShouldPrune(Context(Bad(9), others, maxStep: 20)));
        Assert.True(halving.ShouldPrune(Context(Bad(10), others, maxStep: 20)));
        var quarter = new SuccessiveHalvingPruner { MinResourceFraction = 0.25 };
        Assert.Equal(new[] { 5, 15 }, Enumerable.Range(1, 20).Where(s => quarter.IsRung(s, 20)));
        Assert.False(quarter.ShouldPrune(Context(Bad(4), others, maxStep: 20)));
        Assert.True(quarter.ShouldPrune(Context(Bad(5), others, maxStep: 20)));
        Assert.Equal(12, new SuccessiveHalvingPruner { MinResource = 12 }.FirstRung(20));
        Assert.Equal(10, new SuccessiveHalvingPruner { MinResource = 7 }.FirstRung(20)); // the later of the two
        Assert.Equal(1, new SuccessiveHalvingPruner { MinResourceFraction = 0 }.FirstRung(20));
    }

    [Fact]
    public void Median_needs_enough_trials_at_the_step()
    {
        var others = Enumerable.Range(0, 4).Select(i => Trial(i, TrialState.Complete, 1.0, 0.1)).ToList();
        var bad = Trial(20, TrialState.Running, 1.0, 5.0);

        Assert.False(new MedianPruner { StartupTrials = 4 }.ShouldPrune(Context(bad, others))); // 4 values at step 2, default needs 5
        Assert.True(new MedianPruner { StartupTrials = 4, MinTrialsAtStep = 4 }.ShouldPrune(Context(bad, others)));
        Assert.False(new MedianPruner { StartupTrials = 4, MinTrialsAtStep = 4, WarmupSteps = 2 }.ShouldPrune(Context(bad, others)));
    }

    [Fact]
    public void Successive_halving_keeps_the_best_third_at_each_rung_and_decides_nothing_between_rungs()
    {
        var pruner = new SuccessiveHalvingPruner { MinResource = 1, ReductionFactor = 3 };
        Assert.Equal(new[] { 1, 3, 9, 27 }, Enumerable.Range(1, 30).Where(s => pruner.IsRung(s)));

        // At rung 1, eight others reported 0.1 .. 0.8; with the running trial n = 9, keep = 3.
        var others = Enumerable.Range(0, 8).Select(i => Trial(i, i < 4 ? TrialState.Complete : TrialState.Running, 0.1 * (i + 1))).ToList();
        Assert.False(pruner.ShouldPrune(Context(Trial(50, TrialState.Running, 0.25), others)));  // 2 better: in the top 3
        Assert.True(pruner.ShouldPrune(Context(Trial(50, TrialState.Running, 0.35), others)));   // 3 better: out
        Assert.False(pruner.ShouldPrune(Context(Trial(50, TrialState.Running, 9, 9), others)));  // step 2 is no rung
        Assert.False(pruner.ShouldPrune(Context(Trial(50, TrialState.Running, 9), others.Take(1)))); // too few at the rung
    }

    [Fact]
    public void Successive_halving_measures_rungs_in_reported_steps()
    {
        var pruner = new SuccessiveHalvingPruner { MinResource = 1, ReductionFactor = 3 };

        // Others report every epoch; their values at rung 3 are 0.1 .. 0.8.
        var others = Enumerable.Range(0, 8).Select(i => Trial(i, TrialState.Complete, 5.0, 5.0, 0.1 * (i + 1), 0.0)).ToList();

        // A trial reporting every second epoch reaches rung 3 with its report at step 4 (and rung 1 at step 2).
        var everySecond = Trial(50, TrialState.Running, new[] { 0.0, 0.35 }, new[] { 2, 4 });
        Assert.True(pruner.ShouldPrune(Context(everySecond, others)));
        Assert.False(pruner.ShouldPrune(Context(everySecond with { IntermediateValues = new IntermediateValue[] { new(2, 0.0), new(4, 0.25) } }, others)));

        // Between rungs nothing is decided; a report at step 5 crosses no rung.
        Assert.False(pruner.ShouldPrune(Context(Trial(51, TrialState.Running, new[] { 0.0, 0.0, 9.0 }, new[] { 1, 3, 5 }), others)));

        // One report that jumps over rungs 1 and 3 is judged at both: 1.0 wins rung 1 (the others had 5.0) and loses rung 3.
        Assert.True(pruner.ShouldPrune(Context(Trial(52, TrialState.Running, new[] { 1.0 }, new[] { 3 }), others)));
        Assert.False(pruner.ShouldPrune(Context(Trial(52, TrialState.Running, new[] { 1.0 }, new[] { 2 }), others)));
        Assert.Equal(0.3, SuccessiveHalvingPruner.ValueAtRung(others[2], 3)!.Value, 12);
        Assert.Equal(0.35, SuccessiveHalvingPruner.ValueAtRung(everySecond, 3));
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
