using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Trials;
using static StochasticMutatorTuner.Tests.Pruning.Curves;

namespace StochasticMutatorTuner.Tests.Pruning;

/// <summary>
/// The promotion half of ASHA (<see cref="SuccessiveHalvingPruner.NextPromotion"/>; measured on the replayed curves,
/// not yet asked by the engine): which paused trial comes back, and when.
/// </summary>
public class PromotionTests
{
    private static readonly SuccessiveHalvingPruner Pruner = new() { MinResourceFraction = 0, ReductionFactor = 2 }; // rungs 1, 2, 4 of 8

    [Fact]
    public void A_paused_trial_comes_back_only_once_enough_worse_values_reach_its_rung()
    {
        var trials = new List<TrialRecord>
        {
            Trial(0, TrialState.Complete, 1, 1, 1, 1, 1, 1, 1, 1),
            Pruned(1, 3),
            Pruned(2, 2),
        };
        Assert.Null(Next(trials)); // rung 1 holds 1, 3, 2: the best ⌊3/2⌋ = 1 is the complete trial

        trials.Add(Pruned(3, 9));
        Assert.Equal(2, Next(trials)); // 4 values: the best 2 are 1 and 2
        trials[2] = trials[2] with { State = TrialState.Running, PrunedStep = null }; // promoted: not paused any more
        Assert.Null(Next(trials)); // 3 is third of 4

        trials.Add(Trial(4, TrialState.Failed, 9));
        trials.Add(Trial(5, TrialState.Running, 9));
        Assert.Equal(1, Next(trials)); // every trial's value at the rung counts, any state: 3 is third of 6, the best 3
    }

    [Fact]
    public void The_highest_rung_comes_first_then_the_best_value_then_the_earliest_trial()
    {
        var trials = new List<TrialRecord>
        {
            Trial(0, TrialState.Complete, 1, 1, 1, 1, 1, 1, 1, 1),
            Pruned(1, 5), // rung 1
            Pruned(2, 0.5, 5, 7, 7), // rung 4
            Trial(3, TrialState.Complete, 9, 9, 9, 9, 9, 9, 9, 9),
            Trial(4, TrialState.Complete, 9, 9, 9, 9, 9, 9, 9, 9),
            Trial(5, TrialState.Complete, 9, 9, 9, 9, 9, 9, 9, 9),
        };
        Assert.Equal(2, Next(trials)); // rung 4: 1, 7, 9, 9, 9 — 7 is second, the best 2; rung 1's trial 1 waits

        trials[2] = trials[2] with { State = TrialState.Running, PrunedStep = null };
        Assert.Equal(1, Next(trials)); // rung 1: 1, 5, 0.5, 9, 9, 9 — 5 is third, the best 3

        trials.Add(Pruned(6, 4, 4)); // rung 2: 1, 5, 9, 9, 9, 4, 4 — one value better than 4, the best 3 pass
        trials.Add(Pruned(7, 4, 4)); // the same value, later
        Assert.Equal(6, Next(trials)); // rung 2 before rung 1, and the earliest of equal values
        Assert.Equal(7, Next(trials.Where(t => t.Number != 6).ToList()));
    }

    [Fact]
    public void Only_paused_trials_past_the_first_rung_are_promoted_and_the_direction_is_the_studys()
    {
        var halfway = new SuccessiveHalvingPruner(); // first rung at half of 8: step 4
        var trials = new List<TrialRecord>
        {
            Trial(0, TrialState.Complete, 5, 5, 5, 5, 5, 5, 5, 5),
            Pruned(1, 9, 9), // pruned before the first rung: not paused at any rung (the engine never does this)
            Trial(2, TrialState.Complete, 9, 9, 9, 9, 9, 9, 9, 9),
            Trial(3, TrialState.Complete, 9, 9, 9, 9, 9, 9, 9, 9),
        };
        Assert.Null(halfway.NextPromotion(trials, maxStep: 8, Direction.Minimize));
        Assert.Equal(4, halfway.NextPromotion(trials.Append(Pruned(4, 1, 1, 1, 2)).ToList(), maxStep: 8, Direction.Minimize)?.Number); // paused at rung 4, the best there

        var maximizing = new List<TrialRecord>
        {
            Trial(0, TrialState.Complete, 1, 1, 1, 1, 1, 1, 1, 1),
            Trial(1, TrialState.Complete, 2, 2, 2, 2, 2, 2, 2, 2),
            Pruned(2, 0.5),
            Pruned(3, 3),
        };
        Assert.Equal(3, Pruner.NextPromotion(maximizing, maxStep: 8, Direction.Maximize)?.Number); // 3 is the highest: the best
        Assert.Null(Pruner.NextPromotion(maximizing.Take(3).ToList(), maxStep: 8, Direction.Maximize));
    }

    [Fact]
    public void The_bar_of_promotion_is_the_bar_a_trial_reaching_the_rung_meets()
    {
        // Every value at rung 1 of 8 trials, in turn the reaching trial: it goes on exactly when it would be promotable.
        double[] values = { 4, 1, 7, 3, 8, 2, 6, 5 };
        var others = values.Select((v, i) => Trial(i, TrialState.Complete, v, v, v, v, v, v, v, v)).ToList();
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            var reaching = Trial(i, TrialState.Running, value);
            bool prunes = Pruner.ShouldPrune(Context(reaching, others.Where(o => o.Number != i), maxStep: 8));
            var paused = others.Select(o => o.Number == i ? Pruned(i, value) : o).ToList();
            Assert.Equal(!prunes, Pruner.NextPromotion(paused, maxStep: 8, Direction.Minimize)?.Number == i);
        }
    }

    private static int? Next(IReadOnlyList<TrialRecord> trials) => Pruner.NextPromotion(trials, maxStep: 8, Direction.Minimize)?.Number;
}
