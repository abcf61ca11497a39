using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;
using static StochasticMutatorTuner.Tests.Pruning.Curves;

namespace StochasticMutatorTuner.Tests.Pruning;

/// <summary>Hyperband's brackets: where trials go, whom they are compared with, and when they may be judged.</summary>
public class HyperbandPrunerTests
{
    /// <summary>The first trial numbers (from 0) that fall in <paramref name="bracket"/>.</summary>
    private static List<int> NumbersIn(HyperbandPruner pruner, int bracket, int count) =>
        Enumerable.Range(0, 10_000).Where(n => pruner.BracketOf(n) == bracket).Take(count).ToList();

    /// <summary>A trial reporting <paramref name="value"/> at every step 1 … <paramref name="steps"/>.</summary>
    private static TrialRecord Flat(int number, TrialState state, int steps, double value) => Trial(number, state, Enumerable.Repeat(value, steps).ToArray());

    [Fact]
    public void A_trials_bracket_is_fixed_by_its_number_and_the_brackets_get_their_weights()
    {
        var pruner = new HyperbandPruner { Brackets = 3 };
        var again = new HyperbandPruner { Brackets = 3 };
        var counts = new int[3];
        for (int n = 0; n < 30_000; n++)
        {
            int bracket = pruner.BracketOf(n);
            Assert.Equal(bracket, again.BracketOf(n));
            counts[bracket]++;
        }

        // Weights ⌈3 · 3^k / (k + 1)⌉ = 3, 5, 9 of 17.
        Assert.Equal(3.0 / 17, counts[0] / 30_000.0, 0.015);
        Assert.Equal(5.0 / 17, counts[1] / 30_000.0, 0.015);
        Assert.Equal(9.0 / 17, counts[2] / 30_000.0, 0.015);

        // Spread: neighbouring numbers do not come in long runs of one bracket (as n mod 17 would).
        int longestRun = 1, run = 1;
        for (int n = 1; n < 30_000; n++)
        {
            run = pruner.BracketOf(n) == pruner.BracketOf(n - 1) ? run + 1 : 1;
            longestRun = Math.Max(longestRun, run);
        }

        Assert.InRange(longestRun, 2, 30);
        var twoBrackets = Enumerable.Range(0, 30_000).Count(n => new HyperbandPruner().BracketOf(n) == 0) / 30_000.0;
        Assert.Equal(2.0 / 5, twoBrackets, 0.015); // the defaults: 2 brackets, weights 2 and 3
    }

    [Fact]
    public void Bracket_k_starts_judging_at_the_training_over_eta_to_the_k_and_the_cautious_bracket_trains_to_the_end()
    {
        var pruner = new HyperbandPruner { Brackets = 3 };
        Assert.Null(pruner.FirstRung(0, 20));
        Assert.Equal(6, pruner.FirstRung(1, 20));
        Assert.Equal(2, pruner.FirstRung(2, 20));
        Assert.Equal(1, pruner.FirstRung(2, 6)); // never below MinResource
        Assert.Equal(10, new HyperbandPruner { TopFraction = 0.5 }.FirstRung(0, 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => pruner.FirstRung(3, 20));

        // A hopeless trial, with nine much better ones in its own bracket at every step of a 9-step training.
        foreach (int bracket in new[] { 0, 1, 2 })
        {
            var numbers = NumbersIn(pruner, bracket, 10);
            var others = numbers.Skip(1).Select(n => Flat(n, TrialState.Complete, 9, 0.1)).ToList();
            int? first = pruner.FirstRung(bracket, 9);
            for (int step = 1; step < 9; step++)
            {
                bool pruned = pruner.ShouldPrune(Curves.Context(Flat(numbers[0], TrialState.Running, step, 5.0), others, maxStep: 9));
                Assert.Equal(first is { } rung && step == rung, pruned); // rungs 1 and 3 (bracket 2), 3 (bracket 1), none (bracket 0)
                if (pruned)
                {
                    break;
                }
            }
        }
    }

    [Fact]
    public void A_trial_is_compared_only_with_the_trials_of_its_own_bracket()
    {
        var pruner = new HyperbandPruner(); // bracket 1: successive halving from a third of the training
        var mine = NumbersIn(pruner, 1, 7);
        var theirs = NumbersIn(pruner, 0, 20);
        var running = Flat(mine[0], TrialState.Running, 3, 0.5);

        // Its bracket is worse than it at step 3, every trial of the other bracket far better: it goes on.
        var study = mine.Skip(1).Select(n => Flat(n, TrialState.Complete, 9, 0.9))
            .Concat(theirs.Select(n => Flat(n, TrialState.Complete, 9, 0.01))).ToList();
        Assert.False(pruner.ShouldPrune(Curves.Context(running, study, maxStep: 9)));
        Assert.True(new SuccessiveHalvingPruner { MinResourceFraction = 1.0 / 3 }.ShouldPrune(Curves.Context(running, study, maxStep: 9)), "the same rung over the whole study prunes it");

        // Its bracket better than it, the other far worse: pruned.
        study = mine.Skip(1).Select(n => Flat(n, TrialState.Complete, 9, 0.1))
            .Concat(theirs.Select(n => Flat(n, TrialState.Complete, 9, 9.0))).ToList();
        Assert.True(pruner.ShouldPrune(Curves.Context(running, study, maxStep: 9)));

        // Too few of its own bracket at the rung (fewer than η values): not judged, however many others there are.
        study = mine.Skip(1).Take(1).Select(n => Flat(n, TrialState.Complete, 9, 0.1))
            .Concat(theirs.Select(n => Flat(n, TrialState.Complete, 9, 0.01))).ToList();
        Assert.False(pruner.ShouldPrune(Curves.Context(running, study, maxStep: 9)));
    }

    [Fact]
    public void The_study_best_trial_guards_every_bracket()
    {
        var pruner = new HyperbandPruner();
        var mine = NumbersIn(pruner, 1, 7);
        var slowBest = Trial(NumbersIn(pruner, 0, 1)[0], TrialState.Complete, new[] { 3.0, 3.0, 3.0, 1.0, 0.5, 0.3, 0.2, 0.1, 0.05 });
        var study = mine.Skip(1).Select(n => Flat(n, TrialState.Complete, 9, 1.0)).Append(slowBest).ToList();
        var running = Flat(mine[0], TrialState.Running, 3, 3.0);

        Assert.True(pruner.ShouldPrune(Curves.Context(running, study, maxStep: 9)));
        Assert.False(pruner.ShouldPrune(Curves.Context(running, study, best: slowBest, maxStep: 9)), "keeps up with the best trial's curve, which is in the other bracket");
    }

    [Fact]
    public async Task In_a_search_no_trial_is_pruned_at_its_last_step_or_before_its_brackets_first_rung()
    {
        var pruner = new HyperbandPruner { Brackets = 3 };
        var result = await new Tuner<SmallConfig>(new TunerOptions { StorageUrl = "memory", Seed = 5, Pruner = pruner }).SearchAsync(async (config, trial) =>
        {
            trial.MaxStep = 9;
            double loss = config.Loss();
            for (int epoch = 1; epoch <= 9; epoch++)
            {
                await trial.ReportAsync(epoch, loss + (1.0 / epoch));
            }

            return loss;
        });

        var pruned = result.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.InRange(t.PrunedStep!.Value, pruner.FirstRung(pruner.BracketOf(t.Number), 9) ?? 9, 8));
        Assert.All(result.Trials.Where(t => pruner.BracketOf(t.Number) == 0), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Contains(pruned, t => pruner.BracketOf(t.Number) == 2 && t.PrunedStep == 1);
    }

    [Fact]
    public void Bad_settings_are_refused_with_one_line_naming_the_setting()
    {
        Assert.Contains("ReductionFactor must be at least 2", Assert.Throws<ArgumentOutOfRangeException>(() => new HyperbandPruner { ReductionFactor = 1 }).Message, StringComparison.Ordinal);
        Assert.Contains("Brackets must be from 1 to 10", Assert.Throws<ArgumentOutOfRangeException>(() => new HyperbandPruner { Brackets = 0 }).Message, StringComparison.Ordinal);
        Assert.Contains("TopFraction must be above 0 and at most 1", Assert.Throws<ArgumentOutOfRangeException>(() => new HyperbandPruner { TopFraction = 1.5 }).Message, StringComparison.Ordinal);
        Assert.Contains("MinResource must be at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => new HyperbandPruner { MinResource = 0 }).Message, StringComparison.Ordinal);
    }
}
