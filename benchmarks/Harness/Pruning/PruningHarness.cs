using System.Diagnostics;
using System.Globalization;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>Replays learning curves of the tables through a strategy and a pruner, for many seeds, counting compute in epochs.</summary>
public static class PruningHarness
{
    /// <summary>The compute budgets every report shows, in full trainings (one full training = the table's epochs).</summary>
    public static readonly int[] Budgets = { 25, 50, 100, 200 };

    /// <summary>
    /// One search: trials start while fewer than <paramref name="maxBudget"/> full trainings' worth of epochs are
    /// used (the study's compute, as <c>TunerOptions.MaxTotalSteps</c> counts it), or until the strategy exhausts
    /// the space. The strategy's random source is seeded from <paramref name="run"/> as in the quality harness, and
    /// the noisy protocol's seeds are drawn from it.
    /// </summary>
    /// <param name="replay">The curves.</param>
    /// <param name="strategy">Makes the strategy.</param>
    /// <param name="pruner">Makes the pruner.</param>
    /// <param name="run">The run's seed.</param>
    /// <param name="maxBudget">Full trainings of compute.</param>
    /// <param name="countBudget">Full trainings within which the run's trials are counted (the report's largest budget).</param>
    public static PruningRun Run(CurveReplay replay, StrategyFactory strategy, PrunerFactory pruner, int run, int maxBudget, int countBudget)
    {
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(pruner);
        var problem = replay.Problem;
        int epochs = replay.Epochs;
        var study = new ReplayStudy(problem.Space, StrategyRandom.Create(run), pruner.Create(), pruner.Retry, pruner.Promote);
        var instance = pruner.Parents is { } parents ? new PrunedParentMutator(parents) : strategy.Create();
        var regret = new float[maxBudget];
        float current = float.NaN;
        var incumbent = default(ConfigKey);
        int budget = 0;
        var started = new List<int>();
        int retries = 0, prunedParents = 0, promotions = 0;
        while (study.TotalSteps < (long)maxBudget * epochs)
        {
            long before = study.TotalSteps;
            for (; budget < maxBudget && (long)(budget + 1) * epochs <= before; budget++)
            {
                regret[budget] = current; // this trial starts too late for that budget
            }

            int promotedBefore = study.Promotions;
            var trial = study.Step(instance, c => replay.CurveOf(c, run), replay.ScoreOf);
            if (trial is null)
            {
                break; // the space is exhausted: the incumbent stays
            }

            if (study.Best is { } best && best.Key != incumbent)
            {
                incumbent = best.Key;
                current = (float)problem.Regret(study.CandidateOf(best.Number));
            }

            if (before < (long)countBudget * epochs)
            {
                if (study.Promotions == promotedBefore)
                {
                    started.Add(trial.Number); // a new trial (a promotion resumes one started earlier)
                }

                retries = study.Retries;
                promotions = study.Promotions;
                prunedParents = instance is PrunedParentMutator mutator ? mutator.PrunedParentDraws : 0;
            }
        }

        for (; budget < maxBudget; budget++)
        {
            regret[budget] = current;
        }

        // What became of the counted trials by the end (a paused trial may have been promoted after it started).
        int pruned = 0, atFirst = 0, atLast = 0, topTried = 0, topPruned = 0, optimumTried = 0, optimumPruned = 0;
        long counted = 0;
        foreach (int number in started)
        {
            var trial = study.Trials[number];
            double trialRegret = problem.Regret(study.CandidateOf(number));
            bool top = trialRegret <= problem.TopOnePercentRegret + 1e-12;
            bool optimum = trialRegret <= 1e-12;
            bool wasPruned = trial.PrunedStep is not null;
            counted += trial.IntermediateValues.Count;
            pruned += wasPruned ? 1 : 0;
            atFirst += trial.PrunedStep == 1 ? 1 : 0;
            atLast += trial.PrunedStep == epochs ? 1 : 0;
            topTried += top ? 1 : 0;
            topPruned += top && wasPruned ? 1 : 0;
            optimumTried += optimum ? 1 : 0;
            optimumPruned += optimum && wasPruned ? 1 : 0;
        }

        return new PruningRun(regret, started.Count, pruned, atFirst, atLast, topTried, topPruned, optimumTried, optimumPruned, counted, retries, prunedParents, promotions);
    }

    /// <summary>Every pruner on every problem for runs <paramref name="firstRun"/> … <paramref name="firstRun"/> + <paramref name="runs"/> - 1, runs in parallel.</summary>
    public static PruningResults RunAll(IReadOnlyList<CurveReplay> problems, StrategyFactory strategy, IReadOnlyList<PrunerFactory> pruners, int runs, int maxBudget, int parallel = 1, TextWriter? log = null, int firstRun = 1)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(pruners);
        int countBudget = Math.Min(maxBudget, Budgets[^1]);
        var results = new PruningRun[problems.Count][][];
        for (int p = 0; p < problems.Count; p++)
        {
            results[p] = new PruningRun[pruners.Count][];
            for (int s = 0; s < pruners.Count; s++)
            {
                var clock = Stopwatch.StartNew();
                var row = results[p][s] = new PruningRun[runs];
                var replay = problems[p];
                var pruner = pruners[s];
                Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = parallel }, r => row[r] = Run(replay, strategy, pruner, firstRun + r, maxBudget, countBudget));
                log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{replay.Problem.Name} / {pruner.Name}: median regret at {countBudget} full trainings {Statistics.Median(row.Select(t => (double)t.Regret[countBudget - 1])):G4}{Variants(pruner, row)} ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        }

        return new PruningResults(problems, strategy, pruners, runs, maxBudget, countBudget, results, firstRun);
    }

    /// <summary>What the variants for pruned configs did, per run on average (empty without them).</summary>
    private static string Variants(PrunerFactory pruner, PruningRun[] row) =>
        (pruner.Retry is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; retries per run {row.Average(r => r.Retries):F1}"))
        + (pruner.Promote ? string.Create(CultureInfo.InvariantCulture, $"; promotions per run {row.Average(r => r.Promotions):F1}") : "")
        + (pruner.Parents is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; draws from a pruned parent per run {row.Average(r => r.PrunedParents):F1}"));
}
