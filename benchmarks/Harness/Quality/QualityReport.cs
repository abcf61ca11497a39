using System.Globalization;
using System.Text;
using ScottPlot;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>Turns quality results into a markdown report (with the default-choosing rule applied) and regret plots.</summary>
public static class QualityReport
{
    /// <summary>The significance level of every "significantly better/worse" in the report.</summary>
    public const double Alpha = 0.01;

    /// <summary>One strategy in one cell.</summary>
    public sealed record Row(Cell Cell, string Strategy, double Median, double Mean, double Q25, double Q75, int Reached, string BestOther, double PVersusBestOther, double ZVersusBestOther);

    /// <summary>The reference that is the default today: a candidate replaces it only with evidence against it (docs/benchmarks.md).</summary>
    public const string CurrentDefault = "storm";

    /// <summary>
    /// A candidate's standing against the references: cells lost, won, and at or under the best reference's median;
    /// and the cells where it is significantly worse or better than <see cref="CurrentDefault"/> alone.
    /// </summary>
    public sealed record Verdict(string Strategy, int Cells, int AtOrUnderBestMedian, IReadOnlyList<string> SignificantlyWorse, IReadOnlyList<string> SignificantlyBetterThanAll,
        IReadOnlyList<string> WorseThanDefault, IReadOnlyList<string> BetterThanDefault)
    {
        /// <summary>Whether the rule lets this candidate replace the default: never significantly worse than it, better somewhere.</summary>
        public bool MayReplaceDefault => WorseThanDefault.Count == 0 && BetterThanDefault.Count > 0;
    }

    public static IReadOnlyList<Row> Rows(QualityResults results, IReadOnlyList<Cell> cells)
    {
        var rows = new List<Row>();
        foreach (var cell in cells)
        {
            for (int s = 0; s < results.Strategies.Count; s++)
            {
                var values = cell.Values[s];
                int bestOther = Enumerable.Range(0, results.Strategies.Count).Where(o => o != s).OrderBy(o => cell.Median(o)).ThenBy(o => cell.Values[o].Average()).FirstOrDefault(-1);
                var (p, z) = bestOther < 0 ? (double.NaN, 0.0) : Statistics.SignedRank(values, cell.Values[bestOther]);
                rows.Add(new Row(cell, results.Strategies[s].Name, Statistics.Median(values), values.Average(), Statistics.Quantile(values, 0.25), Statistics.Quantile(values, 0.75),
                    values.Count(v => v <= cell.Budget), bestOther < 0 ? "" : results.Strategies[bestOther].Name, p, z));
            }
        }

        return rows;
    }

    /// <summary>
    /// The rule for the default, applied to every non-reference strategy: in how many cells its median is at or under
    /// the best reference's, where it is significantly worse than some reference, and where it is significantly
    /// better than every reference (paired Wilcoxon signed-rank, two-sided, <see cref="Alpha"/>); ranked by the
    /// rule's order (fewest cells worse than some reference, then most at or under the best median, then most better
    /// than all), so the first verdict is the rule's top candidate.
    /// </summary>
    public static IReadOnlyList<Verdict> Verdicts(QualityResults results, IReadOnlyList<Cell> cells)
    {
        var references = Enumerable.Range(0, results.Strategies.Count).Where(s => results.Strategies[s].IsReference).ToArray();
        int incumbent = references.FirstOrDefault(r => results.Strategies[r].Name == CurrentDefault, -1);
        var verdicts = new List<Verdict>();
        if (references.Length == 0)
        {
            return verdicts;
        }

        for (int c = 0; c < results.Strategies.Count; c++)
        {
            if (results.Strategies[c].IsReference)
            {
                continue;
            }

            int atOrUnder = 0;
            var worse = new List<string>();
            var better = new List<string>();
            var worseThanDefault = new List<string>();
            var betterThanDefault = new List<string>();
            foreach (var cell in cells)
            {
                double bestMedian = references.Min(r => cell.Median(r));
                if (cell.Median(c) <= bestMedian + 1e-12)
                {
                    atOrUnder++;
                }

                var tests = references.Select(r => (Name: results.Strategies[r].Name, Test: Statistics.SignedRank(cell.Values[c], cell.Values[r]))).ToList();
                var lost = tests.Where(t => t.Test.P < Alpha && t.Test.Z > 0).Select(t => t.Name).ToList();
                if (lost.Count > 0)
                {
                    worse.Add($"{cell.Problem} {cell.Measure} (vs {string.Join(", ", lost)})");
                }

                if (tests.All(t => t.Test.P < Alpha && t.Test.Z < 0))
                {
                    better.Add($"{cell.Problem} {cell.Measure}");
                }

                if (incumbent >= 0)
                {
                    var (p, z) = tests[Array.IndexOf(references, incumbent)].Test;
                    (p < Alpha && z > 0 ? worseThanDefault : p < Alpha && z < 0 ? betterThanDefault : null)?.Add($"{cell.Problem} {cell.Measure}");
                }
            }

            verdicts.Add(new Verdict(results.Strategies[c].Name, cells.Count, atOrUnder, worse, better, worseThanDefault, betterThanDefault));
        }

        return verdicts.OrderBy(v => v.SignificantlyWorse.Count).ThenByDescending(v => v.AtOrUnderBestMedian).ThenByDescending(v => v.SignificantlyBetterThanAll.Count).ToList();
    }

    public static void Write(QualityResults results, string folder, string command, string machine)
    {
        Directory.CreateDirectory(folder);
        var cells = Cell.Of(results);
        var rows = Rows(results, cells);
        var text = new StringBuilder();
        text.AppendLine("# Search quality");
        text.AppendLine();
        text.AppendLine($"Generated by `{command}` on {machine}.");
        text.AppendLine();
        text.AppendLine($"Every strategy ran on every problem with the same {results.Runs:N0} seeds (runs {results.FirstRun:N0} … {results.FirstRun + results.Runs - 1:N0}: the strategy's seed and the noise). " +
            "Regret is the true value of the incumbent (the best config by observed score) minus the optimum; lower is better. " +
            "\"top 1 %\" is the number of trials until the incumbent is in the best 1 % of the space (runs that never got there within the budget count as budget + 1); the median is shown with how many runs got there. " +
            $"\"best other\" is the other strategy with the lowest median in that cell; p is the two-sided paired Wilcoxon signed-rank test against it (a sign of + means this strategy's values tend to be larger, i.e. worse), α = {Alpha}.");
        text.AppendLine();
        var verdicts = Verdicts(results, cells);
        if (verdicts.Count > 0)
        {
            text.AppendLine("## Candidates against the references");
            text.AppendLine();
            text.AppendLine($"References: {string.Join(", ", results.Strategies.Where(s => s.IsReference).Select(s => $"`{s.Name}`"))}. Cells: every problem × (regret at each budget, trials to the top 1 %).");
            text.AppendLine();
            text.AppendLine($"Ranked by the rule (fewest cells significantly worse than some reference, then most cells at or under the best reference's median, then most cells significantly better than every reference); the last two columns compare with `{CurrentDefault}` alone, which a candidate replaces only if it is never significantly worse than it and better somewhere.");
            text.AppendLine();
            text.AppendLine($"| candidate | significantly worse than some reference | cells at or under the best reference's median | significantly better than every reference | worse than `{CurrentDefault}` | better than `{CurrentDefault}` |");
            text.AppendLine("|---|---|---:|---|---|---|");
            foreach (var v in verdicts)
            {
                text.AppendLine($"| {v.Strategy} | {Listed(v.SignificantlyWorse)} | {v.AtOrUnderBestMedian}/{v.Cells} | {Listed(v.SignificantlyBetterThanAll)} | {Listed(v.WorseThanDefault)} | {Listed(v.BetterThanDefault)} |");
            }

            text.AppendLine();
            var top = verdicts[0];
            text.AppendLine(top.MayReplaceDefault
                ? $"By the rule, `{top.Strategy}` replaces `{CurrentDefault}` as the default."
                : $"By the rule, `{CurrentDefault}` stays the default: the top candidate, `{top.Strategy}`, is {(top.WorseThanDefault.Count > 0 ? $"significantly worse than it in {top.WorseThanDefault.Count} cell(s)" : "significantly better than it in no cell")}.");
            text.AppendLine();
        }

        for (int p = 0; p < results.Problems.Count; p++)
        {
            var problem = results.Problems[p];
            text.AppendLine($"## {problem.Name}");
            text.AppendLine();
            text.AppendLine(problem.Description + $". Top 1 %: regret ≤ {F(problem.TopOnePercentRegret)}.");
            text.AppendLine();
            text.AppendLine("| measure | strategy | median | mean | IQR | runs in top 1 % | best other | p | sign |");
            text.AppendLine("|---|---|---:|---:|---|---:|---|---:|---|");
            foreach (var r in rows.Where(r => r.Cell.Problem == problem.Name))
            {
                bool top = r.Cell.Measure == "top1%";
                string median = top && r.Median > r.Cell.Budget ? "never" : F(r.Median);
                text.AppendLine($"| {r.Cell.Measure} | {r.Strategy} | {median} | {F(r.Mean)} | {F(r.Q25)}–{F(r.Q75)} | {(top ? $"{r.Reached}/{results.Runs}" : "")} | {r.BestOther} | {P(r.PVersusBestOther)} | {(r.PVersusBestOther < Alpha ? (r.ZVersusBestOther > 0 ? "+" : "−") : "")} |");
            }

            text.AppendLine();
            text.AppendLine($"![median regret against trials: {problem.Name}](regret-{problem.Name}.png)");
            text.AppendLine();
            Plot(results, p).SavePng(Path.Combine(folder, $"regret-{problem.Name}.png"), 800, 450);
        }

        File.WriteAllText(Path.Combine(folder, "quality.md"), text.ToString());
    }

    private static Plot Plot(QualityResults results, int p)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int budget = results.BudgetOf(p);
        var xs = Enumerable.Range(1, budget).Select(x => (double)x).ToArray();
        double top = 0;
        for (int s = 0; s < results.Strategies.Count; s++)
        {
            var runs = results.Traces[p][s];
            var median = Enumerable.Range(0, budget).Select(t => Statistics.Median(runs.Select(c => (double)c.Regret[t]))).ToArray();
            top = Math.Max(top, median[Math.Min(budget, 25) - 1]);
            var line = plot.Add.ScatterLine(xs, median, palette.GetColor(s));
            line.LineWidth = 2;
            line.LegendText = results.Strategies[s].Name;
        }

        // From 25 trials on is where strategies differ; the random start above it would flatten the lines.
        plot.Axes.SetLimits(1, budget, 0, top * 1.3);
        plot.Title($"Median regret against trials: {results.Problems[p].Name} ({results.Runs:N0} seeds)");
        plot.XLabel("trials");
        plot.YLabel("regret of the incumbent");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static string Listed(IReadOnlyList<string> cells) => cells.Count == 0 ? "0" : $"{cells.Count}: {string.Join("; ", cells)}";

    private static string F(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    private static string P(double value) => double.IsNaN(value) ? "–" : value < 0.001 ? "<0.001" : value.ToString("F3", CultureInfo.InvariantCulture);
}
