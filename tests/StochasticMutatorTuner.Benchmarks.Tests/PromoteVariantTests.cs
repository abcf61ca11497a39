using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using static StochasticMutatorTuner.Benchmarks.Tests.ReplayTrials;

namespace StochasticMutatorTuner.Benchmarks.Tests;

/// <summary>The pruning replay's "promote" variant (ASHA with paused trials resumed, <c>sha+promote</c>): correctness only.</summary>
public class PromoteVariantTests
{
    private static readonly Lazy<CurveReplay> BreastCancer = new(() => new CurveReplay(Catalog.Problems().OfType<TableProblem>().Single(t => t.Name == "mlp-breast-cancer")));

    [Fact]
    public void A_paused_trial_is_promoted_once_when_its_rung_fills_with_worse_values_the_highest_rung_and_best_value_first()
    {
        var pruner = new SuccessiveHalvingPruner { MinResourceFraction = 0, ReductionFactor = 2 }; // rungs 1, 2, 4 of 8
        var rungs = new PausedRungs(pruner, maxStep: 8);
        Assert.Equal(new[] { 1, 2, 4 }, rungs.Rungs);

        rungs.Add(Trial(0, TrialState.Complete, 1, 1, 1, 1, 1, 1, 1, 1));
        rungs.Add(Trial(1, TrialState.Pruned, 3)); // paused at rung 1: of 2 values, the best 1 holds 1 (better than it)
        rungs.Add(Trial(2, TrialState.Pruned, 2)); // paused at rung 1
        Assert.Null(rungs.Next()); // rung 1: n = 3, the best ⌊3/2⌋ = 1 is trial 0

        rungs.Add(Trial(3, TrialState.Pruned, 9)); // n = 4: the best 2 are 1.0 and 2.0
        Assert.Equal(2, rungs.Next()); // the best paused value
        Assert.Null(rungs.Next()); // trial 1 (3.0) is third; trial 2 is taken once

        rungs.Add(Trial(4, TrialState.Pruned, 0.5, 5, 7, 7)); // paused at rung 4 (its value there: 7, of 2 values)
        rungs.Add(Trial(5, TrialState.Pruned, 8, 8, 8, 8)); // paused at rung 4 too, and rung 1 now holds 6 values
        Assert.Null(rungs.Next()); // rung 4: 1, 7, 8 — the best 1 is trial 0; rung 1: 0.5, 1, 2 are the best 3, 3.0 is not
        rungs.Add(Trial(6, TrialState.Complete, 9, 9, 9, 9, 9, 9, 9, 9));
        rungs.Add(Trial(7, TrialState.Complete, 9, 9, 9, 9, 9, 9, 9, 9)); // rung 4: 1, 7, 8, 9, 9 — the best 2; rung 1: 3.0 is 4th of 8
        Assert.Equal(4, rungs.Next()); // the highest rung first, though trial 1 is promotable at rung 1
        Assert.Equal(1, rungs.Next());
        Assert.Null(rungs.Next());
        Assert.Equal(3, rungs.Promotions);

        // A promoted trial's resumed run adds only the rungs it newly reaches, and pauses it again higher up.
        rungs.Add(Trial(1, TrialState.Pruned, 3, 0.1));
        Assert.Equal(1, rungs.Next()); // rung 2: 1, 5, 8, 9, 9, 0.1 — the best of all
    }

    [Fact]
    public void The_replay_resumes_exactly_the_trial_ASHA_promotes_from_where_it_paused_and_counts_each_epoch_once()
    {
        var replay = BreastCancer.Value; // 20 epochs; a quarter: rungs 5 and 15
        var pruner = new SuccessiveHalvingPruner { MinResourceFraction = 0.25 };
        var study = new ReplayStudy(replay.Problem.Space, StrategyRandom.Create(3), pruner, promote: true);
        var strategy = new StochasticMutator();
        int[] rungs = { 5, 15 };
        int promotions = 0, fromTheHigherRung = 0;
        for (int i = 0; i < 250; i++)
        {
            int? expected = ExpectedPromotion(study.Trials, rungs, pruner.ReductionFactor);
            Assert.Equal(expected, pruner.NextPromotion(study.Trials, replay.Epochs, Direction.Minimize)?.Number); // the library's rule agrees
            int count = study.Trials.Count;
            int? pausedAt = expected is { } e ? study.Trials[e].PrunedStep : null;
            var trial = study.Step(strategy, c => replay.MeanCurve(c.Key), replay.ScoreOf)!;
            if (expected is null)
            {
                Assert.Equal(count, trial.Number); // a new config
                continue;
            }

            promotions++;
            fromTheHigherRung += pausedAt >= 15 ? 1 : 0;
            Assert.Equal((expected.Value, count), (trial.Number, study.Trials.Count));
        }

        Assert.True(promotions >= 5, $"only {promotions} promotions");
        Assert.True(fromTheHigherRung >= 1, "no promotion from the second rung");
        Assert.Equal(promotions, study.Promotions);
        Assert.Equal(study.Trials.Sum(t => (long)t.IntermediateValues.Count), study.TotalSteps);
        foreach (var t in study.Trials)
        {
            var curve = replay.MeanCurve(t.Key);
            Assert.Equal(Enumerable.Range(1, t.IntermediateValues.Count), t.IntermediateValues.Select(v => v.Step));
            Assert.Equal(curve.Take(t.IntermediateValues.Count), t.IntermediateValues.Select(v => v.Value));
            Assert.Equal(t.PrunedStep is null ? (TrialState.Complete, 20) : (TrialState.Pruned, t.PrunedStep.Value), (t.State, t.IntermediateValues.Count));
            Assert.Equal(t.PrunedStep is null ? replay.ScoreOf(curve) : null, t.Score);
        }

        Assert.Equal(study.Trials.Count(t => t.State == TrialState.Pruned), study.Context.PrunedCount);
        Assert.Equal(study.Trials.Where(t => t.HasScore).MinBy(t => t.Score)!.Number, study.Best!.Number);
    }

    [Fact]
    public void Promotion_follows_a_successive_halving_setting_alone()
    {
        var promote = PrunerFactory.Parse("sha:frac=0.25+promote");
        Assert.True(promote.Promote);
        Assert.Equal(0.25, Assert.IsType<SuccessiveHalvingPruner>(promote.Create()).MinResourceFraction);
        Assert.False(PrunerFactory.Parse("sha").Promote);
        Assert.Contains("+promote pauses the trials of successive halving", Assert.Throws<ArgumentException>(() => PrunerFactory.Parse("median+promote")).Message);
        Assert.Contains("combines with no other variant", Assert.Throws<ArgumentException>(() => PrunerFactory.Parse("sha+promote+retry=0.3")).Message);
        Assert.Throws<ArgumentException>(() => new ReplayStudy(BreastCancer.Value.Problem.Space, new Random(1), new MedianPruner(), promote: true));
    }

    /// <summary>
    /// From the definition: among the pruned trials (each paused at the highest rung at or below its pruned step), one
    /// whose value there is among the best ⌊n/η⌋ (at least one) of the n trials with a value at that rung; the highest
    /// rung first, then the best value, then the earliest.
    /// </summary>
    private static int? ExpectedPromotion(IReadOnlyList<TrialRecord> trials, int[] rungs, int eta)
    {
        var promotable =
            from t in trials
            where t.State == TrialState.Pruned
            let rung = rungs.Last(r => r <= t.PrunedStep)
            let value = SuccessiveHalvingPruner.ValueAtRung(t, rung)!.Value
            let atRung = trials.Select(o => SuccessiveHalvingPruner.ValueAtRung(o, rung)).OfType<double>().ToList()
            where atRung.Count(v => v < value) < Math.Max(1, atRung.Count / eta)
            orderby rung descending, value, t.Number
            select t.Number;
        return promotable.Cast<int?>().FirstOrDefault();
    }
}
