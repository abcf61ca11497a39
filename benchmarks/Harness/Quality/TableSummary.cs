using System.Globalization;
using System.Text;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>What a tabular benchmark looks like: its spread, its noise, and how early its curves rank the configs.</summary>
public static class TableSummary
{
    /// <summary>One markdown row per table (noise-free protocol) under a header.</summary>
    public static string Markdown(IEnumerable<TableProblem> tables)
    {
        var text = new StringBuilder();
        text.AppendLine("| benchmark | configs | epochs × seeds | best mean score | top 1 % within | median config | seed-to-seed difference (median) | rank correlation of the seeds | best config's rank after epoch 1 | build: CPU minutes (wall on 2 idle cores ≈ half) |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in tables)
        {
            var header = t.Table.Header;
            int last = header.ScoreLastEpochs;
            var perSeed = t.Table.Entries.Select(e => e.Runs.Select(r => r.Loss.TakeLast(last).Average()).ToArray()).ToArray();
            var means = t.MeanScores.ToArray();
            double best = means.Min();
            var differences = perSeed.Select(s => Math.Abs(s[0] - s[^1])).ToArray();
            double rho = Spearman(perSeed.Select(s => s[0]).ToArray(), perSeed.Select(s => s[^1]).ToArray());
            int bestIndex = Array.IndexOf(means, best);
            var firstEpoch = t.Table.Entries.Select(e => e.Runs.Average(r => r.Loss[0])).ToArray();
            double percentile = 100.0 * firstEpoch.Count(v => v < firstEpoch[bestIndex]) / firstEpoch.Length;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {header.Name} | {header.Configs:N0} | {header.Epochs} × {header.Seeds.Length} | {best:G4} | +{t.TopOnePercentRegret:G3} | {Statistics.Median(means):G4} | {Statistics.Median(differences):G3} | {rho:F2} | top {percentile:F0} % | {header.CpuMinutes:F0} |"));
        }

        return text.ToString();
    }

    /// <summary>Spearman's rank correlation (average ranks for ties).</summary>
    public static double Spearman(double[] a, double[] b)
    {
        var ra = Ranks(a);
        var rb = Ranks(b);
        double ma = ra.Average(), mb = rb.Average();
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            cov += (ra[i] - ma) * (rb[i] - mb);
            va += (ra[i] - ma) * (ra[i] - ma);
            vb += (rb[i] - mb) * (rb[i] - mb);
        }

        return cov / Math.Sqrt(va * vb);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0;
            }

            i = j + 1;
        }

        return ranks;
    }
}
