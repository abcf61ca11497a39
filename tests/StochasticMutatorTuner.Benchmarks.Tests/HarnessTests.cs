using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks.Tests;

/// <summary>The harness's bookkeeping on real tables and the synthetic problem (correctness only: no speed, no quality threshold).</summary>
public class HarnessTests
{
    private static readonly Lazy<IReadOnlyList<IBenchmarkProblem>> Problems = new(() => Catalog.Problems());

    [Fact]
    public void Every_shipped_table_holds_every_config_of_its_space_in_both_protocols()
    {
        var tables = Problems.Value.OfType<TableProblem>().ToList();
        Assert.Equal(8, tables.Count);
        foreach (var table in tables)
        {
            Assert.Equal(table.Space.DistinctConfigCount, table.ConfigCount);
            Assert.True(table.TopOnePercentRegret > 0, table.Name);
            int inTop = table.MeanScores.Count(m => m - table.MeanScores.Min() <= table.TopOnePercentRegret);
            Assert.InRange(inTop, table.ConfigCount / 100, table.ConfigCount / 100 + 5);
            Assert.All(table.Table.Entries, e => Assert.All(e.Runs, r => Assert.Equal(table.Table.Header.Epochs, r.Loss.Length)));
        }
    }

    [Fact]
    public void Noise_free_evaluations_observe_the_mean_and_noisy_ones_one_seed_each()
    {
        var clean = Problems.Value.OfType<TableProblem>().First(p => !p.Noisy);
        var noisy = Problems.Value.OfType<TableProblem>().First(p => p.Noisy && p.Table == clean.Table);
        var config = new ConditionalSpaceResolver(clean.Space).Resolve(clean.Space.Sample(new Random(1)), new Random(1));
        var entry = clean.Entry(config);
        int last = clean.Table.Header.ScoreLastEpochs;
        var perSeed = entry.Runs.Select(r => r.Loss.TakeLast(last).Average()).ToArray();

        Assert.Equal(perSeed.Average(), clean.Evaluate(config, run: 1, repeat: 0).Score!.Value, 12);
        Assert.Equal(perSeed.Average() - clean.MeanScores.Min(), clean.Regret(config), 12);
        Assert.Equal(clean.Table.Header.Epochs, clean.Evaluate(config, 1, 0).Steps);

        // One seed per evaluation, drawn per run; a repeat observes the next seed, so two evaluations see both.
        var firsts = Enumerable.Range(1, 200).Select(run => noisy.Evaluate(config, run, repeat: 0).Score!.Value).ToList();
        Assert.All(firsts, o => Assert.Contains(perSeed, s => Math.Abs(s - o) < 1e-12));
        Assert.All(perSeed, s => Assert.Contains(firsts, o => Math.Abs(s - o) < 1e-12));
        Assert.Equal(firsts, Enumerable.Range(1, 200).Select(run => noisy.Evaluate(config, run, repeat: 0).Score!.Value));
        var both = new[] { noisy.Evaluate(config, 7, 0).Score!.Value, noisy.Evaluate(config, 7, 1).Score!.Value };
        Assert.Equal(perSeed.Order(), both.Order());
    }

    [Fact]
    public void A_run_records_the_incumbents_true_regret_and_the_compute_spent()
    {
        var problem = Problems.Value.OfType<TableProblem>().First(p => !p.Noisy);
        var trace = QualityHarness.Run(problem, new StrategyFactory("storm", () => new StochasticMutator()), run: 5, budget: 120);
        Assert.Equal(120, trace.Regret.Length);
        Assert.All(trace.Regret, r => Assert.True(r >= 0));
        for (int t = 1; t < trace.Regret.Length; t++)
        {
            Assert.True(trace.Regret[t] <= trace.Regret[t - 1], "without noise the incumbent never gets worse");
            Assert.Equal((t + 1) * problem.Table.Header.Epochs, trace.Steps[t]);
        }
    }

    [Fact]
    public void Under_noise_the_incumbent_is_the_luckiest_observation_and_can_get_worse()
    {
        var problem = Problems.Value.OfType<TableProblem>().First(p => p.Noisy);
        bool worsened = false;
        for (int run = 1; run <= 20 && !worsened; run++)
        {
            var trace = QualityHarness.Run(problem, new StrategyFactory("random", () => new RandomSearch()), run, budget: 200);
            worsened = trace.Regret.Zip(trace.Regret.Skip(1)).Any(p => p.Second > p.First);
        }

        Assert.True(worsened);
    }

    [Fact]
    public void A_replayed_evaluation_replaces_the_problem_and_pruned_trials_never_become_the_incumbent()
    {
        // The hook for pruning benchmarks: every other trial is "pruned" after one epoch.
        var problem = Problems.Value.OfType<TableProblem>().First(p => !p.Noisy);
        var trace = QualityHarness.Run(problem, new StrategyFactory("random", () => new RandomSearch()), run: 2, budget: 10,
            evaluate: (config, evaluation, repeat) => evaluation % 2 == 1 ? new Evaluation(null, 1) : problem.Evaluate(config, 2, repeat));
        int epochs = problem.Table.Header.Epochs;
        Assert.Equal(new[] { epochs, epochs + 1, 2 * epochs + 1, 2 * epochs + 2 }, trace.Steps.Take(4));
        Assert.False(float.IsNaN(trace.Regret[0]));
    }

    [Fact]
    public void Runs_in_parallel_give_the_same_traces_as_runs_in_sequence()
    {
        var problems = new IBenchmarkProblem[] { new SyntheticProblem(0.15) };
        var strategies = new[] { new StrategyFactory("storm", () => new StochasticMutator()) };
        var one = QualityHarness.RunAll(problems, strategies, runs: 12, budget: 60, parallel: 1);
        var two = QualityHarness.RunAll(problems, strategies, runs: 12, budget: 60, parallel: 2);
        for (int r = 0; r < 12; r++)
        {
            Assert.Equal(one.Traces[0][0][r].Regret, two.Traces[0][0][r].Regret);
        }
    }
}
