using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Trials;
using static StochasticMutatorTuner.Tests.Pruning.Curves;

namespace StochasticMutatorTuner.Tests.Pruning;

/// <summary>The laws every built-in pruner keeps, checked on both with the same curves.</summary>
public class PrunerLawTests
{
    public static TheoryData<string> Pruners => new() { "median", "halving" };

    /// <summary>Each pruner with its startup off, so that only the law under test decides.</summary>
    private static IPruner Create(string name, int warmup = 0, int startup = 0) => name == "median"
        ? new MedianPruner { StartupTrials = startup, WarmupSteps = warmup, MinTrialsAtStep = 3 }
        : new SuccessiveHalvingPruner { StartupTrials = startup, MinResource = warmup + 1, ReductionFactor = 3 };

    /// <summary>Ten complete trials whose curves fall from about 1 toward 0.1 · (i + 1).</summary>
    private static List<TrialRecord> Population(int steps = 9) => Enumerable.Range(0, 10)
        .Select(i => Trial(i, TrialState.Complete, Enumerable.Range(1, steps).Select(s => 0.1 * (i + 1) + 1.0 / s).ToArray()))
        .ToList();

    [Theory]
    [MemberData(nameof(Pruners))]
    public void A_trial_far_worse_than_every_other_at_the_same_step_is_pruned(string name)
    {
        var others = Population();
        Assert.True(Create(name).ShouldPrune(Context(Trial(50, TrialState.Running, 100.0), others)));
        Assert.True(Create(name).ShouldPrune(Context(Trial(50, TrialState.Running, -100.0), others, Direction.Maximize)));
    }

    [Theory]
    [MemberData(nameof(Pruners))]
    public void Nothing_is_pruned_during_the_warm_up_steps_or_before_the_startup_trials_are_complete(string name)
    {
        var others = Population();
        var awful = Enumerable.Range(1, 3).Select(s => Trial(50, TrialState.Running, Enumerable.Repeat(100.0, s).ToArray())).ToList();

        // Warm-up (median) and grace period (successive halving): steps 1 and 2 are never judged.
        Assert.False(Create(name, warmup: 2).ShouldPrune(Context(awful[0], others)));
        Assert.False(Create(name, warmup: 2).ShouldPrune(Context(awful[1], others)));
        Assert.True(Create(name, warmup: 2).ShouldPrune(Context(awful[2], others)));

        // Startup: ten trials reported at the step, but only four are complete (the others pruned or failed).
        var fewComplete = others.Select(t => t.Number < 4 ? t : t with { State = t.Number % 2 == 0 ? TrialState.Pruned : TrialState.Failed, Score = null }).ToList();
        Assert.False(Create(name, startup: 5).ShouldPrune(Context(awful[0], fewComplete)));
        Assert.True(Create(name, startup: 4).ShouldPrune(Context(awful[0], fewComplete)));
    }

    [Theory]
    [MemberData(nameof(Pruners))]
    public void The_best_value_at_a_step_is_never_pruned_whatever_the_others_reported(string name)
    {
        var random = new Random(17);
        for (int round = 0; round < 300; round++)
        {
            var direction = round % 2 == 0 ? Direction.Minimize : Direction.Maximize;
            int steps = 1 + random.Next(6);
            var others = Enumerable.Range(0, 2 + random.Next(30))
                .Select(i => Trial(i, (TrialState)random.Next(1, 4), Enumerable.Range(0, 1 + random.Next(steps)).Select(_ => random.NextDouble()).ToArray()))
                .ToList();
            var values = Enumerable.Range(0, steps).Select(_ => random.NextDouble()).ToArray();
            double bestAtStep = others.Select(t => PruningContext.ValueAt(t, steps)).OfType<double>().DefaultIfEmpty(values[^1])
                .Aggregate(values[^1], (a, b) => direction.IsBetter(a, b) ? a : b);
            values[^1] = direction == Direction.Minimize ? bestAtStep - 1e-9 : bestAtStep + 1e-9;

            Assert.False(Create(name).ShouldPrune(Context(Trial(99, TrialState.Running, values), others, direction)), $"round {round}");
        }
    }

    [Theory]
    [MemberData(nameof(Pruners))]
    public void A_trial_keeping_up_with_the_best_trials_curve_is_never_pruned_even_where_that_curve_starts_slowly(string name)
    {
        // The best config starts worst of all (epoch 1: 3.0 against 1.1-2.0) and ends best (0.05).
        var others = Population();
        var slowBest = Trial(10, TrialState.Complete, new[] { 3.0, 2.0, 1.5, 1.0, 0.5, 0.3, 0.2, 0.1, 0.05 });
        others.Add(slowBest);
        var copy = Trial(50, TrialState.Running, 3.0);

        Assert.True(Create(name).ShouldPrune(Context(copy, others)), "without the best trial's curve the slow start looks hopeless");
        Assert.False(Create(name).ShouldPrune(Context(copy, others, best: slowBest)));
        Assert.True(Create(name).ShouldPrune(Context(Trial(50, TrialState.Running, 3.01), others, best: slowBest)), "a curve behind the best one is judged as usual");
    }
}
