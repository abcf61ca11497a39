using System.Diagnostics;
using System.Globalization;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>Runs every strategy on every problem for many seeds, through <see cref="SimulatedStudy"/>.</summary>
public static class QualityHarness
{
    /// <summary>The budgets every report shows (those a space can hold).</summary>
    public static readonly int[] Budgets = { 25, 50, 100, 200, 400 };

    /// <summary>
    /// One search: <paramref name="budget"/> trials (fewer when the strategy exhausts the space; the incumbent then
    /// stays), the strategy seeded with <paramref name="run"/> as the tuner would be with <c>Seed = run</c>.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="strategy">Makes the strategy (a fresh one per run).</param>
    /// <param name="run">The run's seed: the strategy's random source and the problem's noise.</param>
    /// <param name="budget">Trials.</param>
    /// <param name="evaluate">Replaces the problem's evaluation (e.g. to replay learning curves through a pruner); null: <see cref="IBenchmarkProblem.Evaluate"/>.</param>
    /// <param name="maxEvaluations">Above 1: the experiment of re-evaluating the incumbent (see <see cref="SimulatedStudy"/>).</param>
    public static RunTrace Run(IBenchmarkProblem problem, StrategyFactory strategy, int run, int budget, Evaluator? evaluate = null, int maxEvaluations = 1)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(strategy);
        evaluate ??= (config, _, repeat) => problem.Evaluate(config, run, repeat);
        var study = new SimulatedStudy(problem.Space, StrategyRandom.Create(run), maxEvaluations);
        var instance = strategy.Create();
        var regret = new float[budget];
        var steps = new int[budget];
        float current = float.NaN;
        var incumbent = default(ConfigKey);
        int spent = 0;
        for (int t = 0; t < budget; t++)
        {
            var step = study.Step(instance, evaluate);
            if (step is { } s)
            {
                spent += s.Evaluation.Steps;
                if (study.Best is { } best && best.Key != incumbent)
                {
                    incumbent = best.Key;
                    current = (float)problem.Regret(study.CandidateOf(best.Number));
                }
            }

            regret[t] = current;
            steps[t] = spent;
        }

        return new RunTrace(regret, steps);
    }

    /// <summary>
    /// Every strategy on every problem for runs <paramref name="firstRun"/> … <paramref name="firstRun"/> +
    /// <paramref name="runs"/> - 1, runs in parallel. (Explore settings on other runs than the report's 1 … 1,000, so
    /// the chosen settings are not fitted to the seeds they are judged on.)
    /// </summary>
    public static QualityResults RunAll(IReadOnlyList<IBenchmarkProblem> problems, IReadOnlyList<StrategyFactory> strategies, int runs, int budget, int parallel = 1, TextWriter? log = null, int firstRun = 1)
    {
        var traces = new RunTrace[problems.Count][][];
        for (int p = 0; p < problems.Count; p++)
        {
            int problemBudget = Math.Min(budget, problems[p].ConfigCount);
            traces[p] = new RunTrace[strategies.Count][];
            for (int s = 0; s < strategies.Count; s++)
            {
                var clock = Stopwatch.StartNew();
                var row = traces[p][s] = new RunTrace[runs];
                var problem = problems[p];
                var strategy = strategies[s];
                Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = parallel }, r => row[r] = Run(problem, strategy, firstRun + r, problemBudget, maxEvaluations: strategy.MaxEvaluations));
                log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{problem.Name} / {strategy.Name}: median final regret {Statistics.Median(row.Select(t => (double)t.Regret[^1])):G4} ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        }

        return new QualityResults(problems, strategies, runs, budget, traces, firstRun);
    }
}
