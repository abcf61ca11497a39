namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// One cell of a report: a problem, a measure (regret after a budget, or trials until the top 1 %), and every
/// strategy's per-run values for it (lower is better for both), paired by run.
/// </summary>
/// <param name="Problem">The problem's name.</param>
/// <param name="Measure"><c>regret@B</c> or <c>top1%</c>.</param>
/// <param name="Budget">The budget (for <c>top1%</c>: the largest budget; runs that never got there count as budget + 1).</param>
/// <param name="Values">[strategy][run].</param>
public sealed record Cell(string Problem, string Measure, int Budget, double[][] Values)
{
    /// <summary>The cells of a result: regret at every reportable budget, then trials to the top 1 %, per problem.</summary>
    public static IReadOnlyList<Cell> Of(QualityResults results)
    {
        var cells = new List<Cell>();
        for (int p = 0; p < results.Problems.Count; p++)
        {
            var problem = results.Problems[p];
            int budget = results.BudgetOf(p);
            var traces = results.Traces[p];
            foreach (int b in QualityHarness.Budgets.Where(b => b <= budget))
            {
                cells.Add(new Cell(problem.Name, $"regret@{b}", b, traces.Select(runs => runs.Select(t => (double)t.Regret[b - 1]).ToArray()).ToArray()));
            }

            double threshold = problem.TopOnePercentRegret;
            cells.Add(new Cell(problem.Name, "top1%", budget, traces.Select(runs => runs.Select(t => TrialsTo(t, threshold)).ToArray()).ToArray()));
        }

        return cells;
    }

    /// <summary>The first trial (from 1) after which the incumbent's regret is at most <paramref name="threshold"/>, else the budget + 1.</summary>
    public static double TrialsTo(RunTrace trace, double threshold)
    {
        int i = Array.FindIndex(trace.Regret, r => r <= threshold + 1e-7);
        return i >= 0 ? i + 1 : trace.Regret.Length + 1;
    }

    /// <summary>The median of strategy <paramref name="s"/>'s values.</summary>
    public double Median(int s) => Statistics.Median(Values[s]);
}
