using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks.Tests;

/// <summary>The pruning benchmark's replay of learning curves: what the pruner is fed, how compute is counted, where budgets stop (correctness only).</summary>
public class PruningHarnessTests
{
    private static readonly Lazy<IReadOnlyList<TableProblem>> Tables = new(() => Catalog.Problems().OfType<TableProblem>().ToList());

    private static CurveReplay Replay(string name) => new(Tables.Value.Single(t => t.Name == name));

    [Theory]
    [InlineData("cnn-fashion-mnist")]
    [InlineData("cnn-fashion-mnist-noisy")]
    [InlineData("mlp-breast-cancer-noisy")]
    public void The_pruner_is_fed_exactly_the_tables_values_of_the_evaluated_seed_and_never_asked_at_the_last_epoch(string name)
    {
        var replay = Replay(name);
        var problem = replay.Problem;
        var recorder = new RecordingPruner();
        var study = new ReplayStudy(problem.Space, StrategyRandom.Create(7), recorder);
        var strategy = new RandomSearch();
        for (int i = 0; i < 5; i++)
        {
            var trial = study.Step(strategy, c => replay.CurveOf(c, 7), replay.ScoreOf)!;
            var entry = problem.Entry(study.CandidateOf(trial.Number));
            var expected = problem.Noisy
                ? entry.Runs[problem.SeedIndex(study.CandidateOf(trial.Number), 7)].Loss
                : Enumerable.Range(0, replay.Epochs).Select(e => entry.Runs.Average(r => r.Loss[e])).ToArray();
            var asked = recorder.Asked.Where(c => c.Trial.Number == trial.Number).ToList();

            Assert.Equal(Enumerable.Range(1, replay.Epochs - 1), asked.Select(c => c.Step));
            Assert.All(asked, c => Assert.Equal(expected[c.Step - 1], c.Value, 12));
            Assert.All(asked, c => Assert.Equal(expected.Take(c.Step), c.Trial.IntermediateValues.Select(v => v.Value)));
            Assert.All(asked, c => Assert.Equal(replay.Epochs, c.MaxStep));
            Assert.Equal(TrialState.Complete, trial.State);
            Assert.Equal(expected, trial.IntermediateValues.Select(v => v.Value));
            Assert.Equal(problem.Evaluate(study.CandidateOf(trial.Number), 7, 0).Score!.Value, trial.Score!.Value, 12);
        }
    }

    [Fact]
    public void Compute_counts_every_trials_last_reported_epoch_and_pruned_trials_score_nothing()
    {
        var replay = Replay("cnn-fashion-mnist");
        var study = new ReplayStudy(replay.Problem.Space, StrategyRandom.Create(3), new PruneOddTrialsAt(2));
        var strategy = new RandomSearch();
        for (int i = 0; i < 6; i++)
        {
            study.Step(strategy, c => replay.CurveOf(c, 3), replay.ScoreOf);
        }

        Assert.Equal(new[] { null, (int?)2, null, 2, null, 2 }, study.Trials.Select(t => t.PrunedStep));
        Assert.All(study.Trials.Where(t => t.PrunedStep is not null), t => Assert.Equal((TrialState.Pruned, (double?)null, 2), (t.State, t.Score, t.IntermediateValues.Count)));
        Assert.Equal((3 * replay.Epochs) + (3 * 2), study.TotalSteps);
        Assert.Equal(3, study.Context.PrunedCount); // what the engine tells strategies: pruned trials do not use up InitRandom
        Assert.Equal(study.Trials.Where(t => t.HasScore).MinBy(t => t.Score)!.Number, study.Best!.Number);
    }

    [Fact]
    public void A_budget_lets_trials_start_only_while_its_epochs_are_not_used_up_and_reads_the_incumbent_then()
    {
        var replay = Replay("cnn-fashion-mnist-noisy");
        var pruner = new PrunerFactory("odd-at-2", () => new PruneOddTrialsAt(2));
        var strategy = new StrategyFactory("random", () => new RandomSearch());
        var run = PruningHarness.Run(replay, strategy, pruner, run: 5, maxBudget: 4, countBudget: 4);

        // Trials use 6, 2, 6, 2, 6, … epochs: cumulative before each start 0, 6, 8, 14, 16, 22 (< 24: starts), 24 (stops).
        Assert.Equal(6, run.Trials);
        Assert.Equal(3, run.Pruned);
        Assert.Equal((0, 0), (run.PrunedAtFirstEpoch, run.PrunedAtLastEpoch)); // pruned at epoch 2 only
        Assert.Equal(24, run.Epochs);

        // Replayed by hand: budget b (full trainings) sees the trials that started before b · 6 epochs.
        var study = new ReplayStudy(replay.Problem.Space, StrategyRandom.Create(5), new PruneOddTrialsAt(2));
        var random = new RandomSearch();
        var starts = new List<long>();
        var regretAfter = new List<float>();
        for (int i = 0; i < 6; i++)
        {
            starts.Add(study.TotalSteps);
            study.Step(random, c => replay.CurveOf(c, 5), replay.ScoreOf);
            regretAfter.Add((float)replay.Problem.Regret(study.CandidateOf(study.Best!.Number)));
        }

        for (int b = 1; b <= 4; b++)
        {
            int started = starts.Count(s => s < b * replay.Epochs);
            Assert.Equal(regretAfter[started - 1], run.Regret[b - 1]);
        }
    }

    [Fact]
    public async Task The_replay_runs_the_same_trials_pruned_at_the_same_epochs_as_the_real_tuner_with_a_compute_budget()
    {
        var replay = Replay("cnn-fashion-mnist");
        foreach (var pruner in new IPruner?[] { null, new MedianPruner(), new SuccessiveHalvingPruner(), new HyperbandPruner() })
        {
            const int Seed = 11;
            long budget = 30L * replay.Epochs;
            var options = new TunerOptions { StorageUrl = "memory", Strategy = new StochasticMutator(), Seed = Seed, Pruner = pruner, MaxTotalSteps = budget };
            var result = await new Tuner<FashionCnnConfig>(options).SearchAsync(async (_, trial) =>
            {
                var curve = replay.MeanCurve(trial.Key);
                trial.MaxStep = curve.Count; // as Trainer.Fit declares its epochs
                for (int step = 1; step <= curve.Count; step++)
                {
                    await trial.ReportAsync(step, curve[step - 1]);
                }

                return replay.ScoreOf(curve);
            });

            // The tuner seeds its strategy's random source with new Random(Seed) (see SimulatedStudyTests).
            var study = new ReplayStudy(replay.Problem.Space, new Random(Seed), pruner);
            var strategy = new StochasticMutator();
            while (study.TotalSteps < budget && study.Step(strategy, c => replay.MeanCurve(c.Key), replay.ScoreOf) is not null)
            {
            }

            Assert.Equal(StopReason.MaxTotalStepsReached, result.StopReason);
            Assert.Equal(result.Trials.Select(t => (t.Key, t.State, t.PrunedStep)), study.Trials.Select(t => (t.Key, t.State, t.PrunedStep)));
            Assert.Equal(result.Trials.Sum(t => t.IntermediateValues.Count), study.TotalSteps);
            Assert.Equal(pruner is null ? 0 : 1, Math.Sign(study.Trials.Count(t => t.State == TrialState.Pruned)));
        }
    }

    [Fact]
    public void Pruner_names_give_their_settings_and_unknown_ones_are_refused_with_the_known_ones()
    {
        var median = Assert.IsType<MedianPruner>(PrunerFactory.Parse("median:warmup=3/frac=0.5/startup=7/min=2").Create());
        Assert.Equal((3, 0.5, 7, 2), (median.WarmupSteps, median.WarmupFraction, median.StartupTrials, median.MinTrialsAtStep));
        var halving = Assert.IsType<SuccessiveHalvingPruner>(PrunerFactory.Parse("sha:min=2/frac=0/eta=4/startup=5/rung=6").Create());
        Assert.Equal((2, 0.0, 4, 5, (int?)6), (halving.MinResource, halving.MinResourceFraction, halving.ReductionFactor, halving.StartupTrials, halving.MinTrialsPerRung));
        var hyperband = Assert.IsType<HyperbandPruner>(PrunerFactory.Parse("hyperband:eta=4/brackets=3/top=0.5/min=2").Create());
        Assert.Equal((4, 3, 0.5, 2), (hyperband.ReductionFactor, hyperband.Brackets, hyperband.TopFraction, hyperband.MinResource));
        Assert.Equal(2, Assert.IsType<HyperbandPruner>(PrunerFactory.Parse("hyperband").Create()).Brackets);
        Assert.Null(PrunerFactory.Parse("none").Create());
        Assert.Contains("known: none, median, sha, hyperband", Assert.Throws<ArgumentException>(() => PrunerFactory.Parse("asha")).Message);
        Assert.Contains("median knows warmup, frac, startup, min", Assert.Throws<ArgumentException>(() => PrunerFactory.Parse("median:eta=2")).Message);
    }

    [Fact]
    public void The_compute_to_reach_a_quality_is_the_first_budget_whose_median_regret_is_at_most_it()
    {
        var runs = new[] { new[] { 3f, 2f, 1f, 0f }, new[] { 3f, 3f, 1f, 1f }, new[] { 2f, 2f, 2f, 0f } }
            .Select(r => new PruningRun(r, 0, 0, 0, 0, 0, 0, 0, 0, 0)).ToList();
        var median = PruningReport.MedianCurve(runs, 4);
        Assert.Equal(new double[] { 3, 2, 1, 0 }, median);
        Assert.Equal(3, PruningReport.BudgetToReach(median, 1));
        Assert.Equal(1, PruningReport.BudgetToReach(median, 5));
        Assert.Null(PruningReport.BudgetToReach(median, -1));
    }

    /// <summary>Never prunes; keeps every question it was asked.</summary>
    private sealed class RecordingPruner : IPruner
    {
        public List<PruningContext> Asked { get; } = new();

        public bool ShouldPrune(PruningContext context)
        {
            Asked.Add(context with { Trial = context.Trial with { IntermediateValues = context.Trial.IntermediateValues.ToArray() } });
            return false;
        }
    }

    /// <summary>Prunes every odd-numbered trial at one step: a known pattern of compute.</summary>
    private sealed class PruneOddTrialsAt(int step) : IPruner
    {
        public bool ShouldPrune(PruningContext context) => context.Trial.Number % 2 == 1 && context.Step == step;
    }
}
