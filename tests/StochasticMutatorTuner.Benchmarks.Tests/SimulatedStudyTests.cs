using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks.Tests;

/// <summary>The harness's simulated study must propose exactly what the real tuner proposes, or its numbers mean nothing.</summary>
public class SimulatedStudyTests
{
    public static TheoryData<string> Strategies => new() { "random", "storm", "storm-seed", "storm-adaptive", "storm:restart=15" };

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task The_simulated_study_proposes_the_same_trials_as_the_tuner_for_the_same_seed(string name)
    {
        var factory = Catalog.Strategies(new[] { name }).Single();
        foreach (int seed in new[] { 3, 4 })
        {
            var options = new TunerOptions { StorageUrl = "memory", Strategy = factory.Create(), Seed = seed, MaxTrials = 80 };
            var result = await new Tuner<SyntheticConfig>(options).SearchAsync((config, _) => config.TrueLoss());

            // The tuner seeds its strategy's random source with new Random(Seed) today (SearchEngine); the harness
            // must do the same here, whatever source it uses for its own runs.
            var study = new SimulatedStudy(SyntheticConfig.SearchSpace, new Random(seed));
            var strategy = factory.Create();
            var simulated = new List<ConfigKey>();
            for (int i = 0; i < 80; i++)
            {
                var step = study.Step(strategy, (c, _, _) => new Evaluation(SyntheticConfig.FromGenome(c.Genome).TrueLoss(), 1))!.Value;
                simulated.Add(step.Record.Key);
            }

            Assert.Equal(result.Trials.Select(t => t.Key), simulated);
        }
    }

    [Fact]
    public void A_strategy_that_proposes_a_taken_key_is_caught()
    {
        var study = new SimulatedStudy(SyntheticConfig.SearchSpace, new Random(1));
        var broken = new RepeatingStrategy();
        study.Step(broken, (_, _, _) => new Evaluation(1, 1));
        var error = Assert.Throws<InvalidOperationException>(() => study.Step(broken, (_, _, _) => new Evaluation(1, 1)));
        Assert.Contains("already has", error.Message);
    }

    [Fact]
    public void Only_scored_trials_can_be_best_and_the_earliest_of_equal_scores_stays()
    {
        var study = new SimulatedStudy(SyntheticConfig.SearchSpace, new Random(2));
        var strategy = new RandomSearch();
        study.Step(strategy, (_, _, _) => new Evaluation(null, 1));
        Assert.Null(study.Best);
        study.Step(strategy, (_, _, _) => new Evaluation(0.5, 1));
        var first = study.Best;
        study.Step(strategy, (_, _, _) => new Evaluation(0.5, 1));
        Assert.Same(first, study.Best);
        study.Step(strategy, (_, _, _) => new Evaluation(0.25, 1));
        Assert.Equal(3, study.Best!.Number);
    }

    [Fact]
    public void In_the_repeat_experiment_a_new_incumbent_is_evaluated_again_and_judged_by_its_mean()
    {
        var study = new SimulatedStudy(SyntheticConfig.SearchSpace, new Random(5), maxEvaluations: 2);
        var strategy = new RandomSearch();
        var scores = new Queue<double>(new[] { 0.5, 0.9, 0.3, 0.7, 0.1 });
        var asked = new List<(int Evaluation, int Repeat)>();
        Evaluation Evaluate(Candidate c, int evaluation, int repeat)
        {
            asked.Add((evaluation, repeat));
            return new Evaluation(scores.Dequeue(), 1);
        }

        study.Step(strategy, Evaluate); // trial 0 observes 0.5: the incumbent, evaluated once
        study.Step(strategy, Evaluate); // so the next step repeats it: 0.9, mean 0.7
        Assert.Single(study.Trials);
        Assert.Equal(0.7, study.Trials[0].Score!.Value, 12);
        Assert.Equal(2, study.EvaluationsOf(0));
        study.Step(strategy, Evaluate); // trial 1 observes 0.3: the new incumbent
        study.Step(strategy, Evaluate); // repeated: 0.7, mean 0.5, still better than 0.7
        Assert.Equal(1, study.Best!.Number);
        Assert.Equal(0.5, study.Best.Score!.Value, 12);
        study.Step(strategy, Evaluate); // both incumbents confirmed: the strategy is asked again
        Assert.Equal(3, study.Trials.Count);
        Assert.Equal(new[] { (0, 0), (1, 1), (2, 0), (3, 1), (4, 0) }, asked);
    }

    private sealed class RepeatingStrategy : ISearchStrategy
    {
        private Candidate? _first;

        public string Name => "repeats";

        public Candidate? Propose(StrategyContext context) => _first ??= context.Sample();
    }
}
