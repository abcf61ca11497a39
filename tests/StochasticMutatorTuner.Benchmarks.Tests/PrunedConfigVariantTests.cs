using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using static StochasticMutatorTuner.Benchmarks.Tests.ReplayTrials;

namespace StochasticMutatorTuner.Benchmarks.Tests;

/// <summary>The pruning replay's variants for pruned configs (<c>+parents=q</c>, <c>+retry=q</c>): correctness only.</summary>
public class PrunedConfigVariantTests
{
    private static readonly Lazy<CurveReplay> Cnn = new(() => new CurveReplay(Catalog.Problems().OfType<TableProblem>().Single(t => t.Name == "cnn-fashion-mnist")));

    [Fact]
    public void A_pruned_trial_is_competitive_while_its_last_value_is_among_the_best_q_at_its_step_and_later_trials_move_the_bar()
    {
        var record = new CompetitivePruned(Direction.Minimize);
        foreach (var (number, value) in new[] { (0, 1.0), (1, 2.0), (2, 3.0), (3, 4.0) })
        {
            record.Add(Trial(number, TrialState.Complete, 9, value, 0.5));
        }

        record.Add(Trial(4, TrialState.Pruned, 9, 1.5)); // at step 2: 1 of the 6 values is better
        record.Add(Trial(5, TrialState.Pruned, 9, 3.5)); // 4 better
        record.Add(Trial(6, TrialState.Running, 9, 0.1)); // not finished: not counted

        Assert.Equal(new[] { 4 }, Numbers(record.Competitive(0.5))); // the best ⌊3⌋
        Assert.Equal(new[] { 4 }, Numbers(record.Competitive(0.3334))); // the best ⌊2⌋
        Assert.Empty(record.Competitive(0.1)); // the best one only
        Assert.Equal(new[] { 4, 5 }, Numbers(record.Competitive(1)));
        Assert.Equal(1.0 / 6, record.Competitive(0.5).Single().Better, 12);

        foreach (int number in new[] { 7, 8, 9 })
        {
            record.Add(Trial(number, TrialState.Complete, 9, 0.2, 0.1));
        }

        Assert.Empty(record.Competitive(0.5)); // 4 of 9 better: the bar is ⌊4.5⌋ = 4

        var maximizing = new CompetitivePruned(Direction.Maximize);
        maximizing.Add(Trial(0, TrialState.Complete, 9, 1.0, 1.0));
        maximizing.Add(Trial(1, TrialState.Complete, 9, 2.0, 2.0));
        maximizing.Add(Trial(2, TrialState.Pruned, 9, 3.0));
        maximizing.Add(Trial(3, TrialState.Pruned, 9, 0.5));
        Assert.Equal(new[] { 2 }, Numbers(maximizing.Competitive(0.5)));
    }

    [Fact]
    public void Without_a_competitive_pruned_trial_the_parents_variant_is_the_classic_mutator_draw_for_draw()
    {
        var replay = Cnn.Value;
        var classic = new ReplayStudy(replay.Problem.Space, StrategyRandom.Create(4), pruner: null);
        var variant = new ReplayStudy(replay.Problem.Space, StrategyRandom.Create(4), pruner: null);
        var mutator = new StochasticMutator();
        var parents = new PrunedParentMutator(0.5);
        for (int i = 0; i < 60; i++)
        {
            classic.Step(mutator, c => replay.CurveOf(c, 4), replay.ScoreOf);
            variant.Step(parents, c => replay.CurveOf(c, 4), replay.ScoreOf);
        }

        Assert.Equal(classic.Trials.Select(t => t.Key), variant.Trials.Select(t => t.Key));
        Assert.Equal(0, parents.PrunedParentDraws);
    }

    [Fact]
    public void The_parents_variant_draws_from_a_pruned_parent_only_while_a_competitive_one_exists()
    {
        var replay = Cnn.Value;
        var study = new ReplayStudy(replay.Problem.Space, StrategyRandom.Create(6), new PruneOddTrialsAt(3));
        var parents = new PrunedParentMutator(0.5);
        int withPool = 0;
        for (int i = 0; i < 80; i++)
        {
            bool competitive = BruteForceCompetitive(study.Trials, study.Trials.Count, 0.5).Count > 0;
            int before = parents.PrunedParentDraws;
            study.Step(parents, c => replay.CurveOf(c, 6), replay.ScoreOf);
            if (!competitive)
            {
                Assert.Equal(before, parents.PrunedParentDraws);
            }
            else if (study.Trials.Count - study.Context.PrunedCount > parents.InitRandom)
            {
                withPool++;
            }
        }

        Assert.True(withPool > 10, $"only {withPool} proposals had a competitive pruned trial");
        Assert.True(parents.PrunedParentDraws > 0);
    }

    [Fact]
    public void A_retry_runs_the_most_competitive_pruned_config_once_to_the_end_and_never_an_uncompetitive_one()
    {
        var replay = Cnn.Value;
        var study = new ReplayStudy(replay.Problem.Space, StrategyRandom.Create(2), new PruneOddTrialsAt(2), retryFraction: 0.5);
        var strategy = new StochasticMutator();
        for (int i = 0; i < 60; i++)
        {
            study.Step(strategy, c => replay.CurveOf(c, 2), replay.ScoreOf);
        }

        var trials = study.Trials;
        int retries = 0;
        for (int n = 0; n < trials.Count; n++)
        {
            var due = trials.Take(n).Any(t => t.HasScore)
                ? BruteForceCompetitive(trials, n, 0.5).Where(c => !trials.Take(n).Any(t => t.Key == c.Trial.Key && t.Number != c.Trial.Number && t.PrunedStep is null))
                    .OrderBy(c => c.Better).ThenBy(c => c.Trial.Number).FirstOrDefault().Trial
                : null;
            var earlier = trials.Take(n).Where(t => t.Key == trials[n].Key).ToList();
            if (due is null)
            {
                Assert.Empty(earlier); // a new config
                continue;
            }

            retries++;
            Assert.Equal(due.Number, Assert.Single(earlier).Number);
            Assert.Equal((TrialState.Complete, (int?)null, replay.Epochs), (trials[n].State, trials[n].PrunedStep, trials[n].IntermediateValues.Count));
            Assert.Equal(replay.ScoreOf(replay.MeanCurve(due.Key)), trials[n].Score!.Value, 12);
        }

        Assert.True(retries >= 2, $"only {retries} retries");
        Assert.Equal(retries, study.Retries);
        Assert.Contains(trials, t => t.PrunedStep is not null && trials.Count(o => o.Key == t.Key) == 1); // uncompetitive ones stay pruned
    }

    [Fact]
    public void Variants_follow_a_pruners_name_and_bad_ones_are_refused_with_the_known_ones()
    {
        var retry = PrunerFactory.Parse("sha:frac=0.5+retry=0.3334");
        Assert.Equal((0.3334, (double?)null, 0.5), (retry.Retry!.Value, retry.Parents, Assert.IsType<SuccessiveHalvingPruner>(retry.Create()).MinResourceFraction));
        var parents = PrunerFactory.Parse("median+parents=0.5");
        Assert.Equal(((double?)0.5, (double?)null), (parents.Parents, parents.Retry));
        Assert.IsType<MedianPruner>(parents.Create());
        Assert.Null(PrunerFactory.Parse("median").Parents);
        Assert.Contains("known: parents=q, retry=q", Assert.Throws<ArgumentException>(() => PrunerFactory.Parse("sha+again=1")).Message);
        Assert.Contains("fraction in (0, 1]", Assert.Throws<ArgumentException>(() => PrunerFactory.Parse("sha+retry=2")).Message);
    }

    /// <summary>The competitive pruned trials among the first <paramref name="count"/>, from their definition, with the share of better values.</summary>
    private static List<(TrialRecord Trial, double Better)> BruteForceCompetitive(IReadOnlyList<TrialRecord> trials, int count, double q)
    {
        var finished = trials.Take(count).Where(t => t.State != TrialState.Running).ToList();
        var result = new List<(TrialRecord, double)>();
        foreach (var pruned in finished.Where(t => t.State == TrialState.Pruned))
        {
            var last = pruned.IntermediateValues[^1];
            var atStep = finished.Select(t => PruningContext.ValueAt(t, last.Step)).OfType<double>().ToList();
            int better = atStep.Count(v => v < last.Value);
            if (better < Math.Max(1, (int)Math.Floor(q * atStep.Count)))
            {
                result.Add((pruned, (double)better / atStep.Count));
            }
        }

        return result;
    }

    private static int[] Numbers(List<(TrialRecord Trial, double Better)> competitive) => competitive.Select(c => c.Trial.Number).ToArray();

    /// <summary>Prunes every odd-numbered trial at one step.</summary>
    private sealed class PruneOddTrialsAt(int step) : IPruner
    {
        public bool ShouldPrune(PruningContext context) => context.Trial.Number % 2 == 1 && context.Step == step;
    }
}
