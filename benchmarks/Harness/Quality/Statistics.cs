namespace StochasticMutatorTuner.Benchmarks;

/// <summary>The few statistics the reports need: quantiles and the paired Wilcoxon signed-rank test.</summary>
public static class Statistics
{
    public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

    /// <summary>Linear-interpolated quantile.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    /// <summary>
    /// Two-sided p-value of the Wilcoxon signed-rank test on paired samples (normal approximation with tie and
    /// continuity corrections; pairs with equal values are dropped). 1 when no pair differs.
    /// </summary>
    public static double WilcoxonSignedRank(IReadOnlyList<double> a, IReadOnlyList<double> b) => SignedRank(a, b).P;

    /// <summary>
    /// The Wilcoxon signed-rank test of <see cref="WilcoxonSignedRank"/> with its direction: <c>Z</c> is positive
    /// when <paramref name="a"/> tends to be larger than <paramref name="b"/> (0 when no pair differs).
    /// </summary>
    public static (double P, double Z) SignedRank(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var differences = a.Zip(b, (x, y) => x - y).Where(d => Math.Abs(d) > 1e-12).ToArray();
        int n = differences.Length;
        if (n == 0)
        {
            return (1, 0);
        }

        var order = differences.Select((d, i) => (Abs: Math.Abs(d), Index: i)).OrderBy(x => x.Abs).ToArray();
        var ranks = new double[n];
        double tieCorrection = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && Math.Abs(order[j + 1].Abs - order[i].Abs) < 1e-12)
            {
                j++;
            }

            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
            {
                ranks[order[k].Index] = rank;
            }

            int t = j - i + 1;
            tieCorrection += t * t * t - t;
            i = j + 1;
        }

        double wPlus = Enumerable.Range(0, n).Where(i => differences[i] > 0).Sum(i => ranks[i]);
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1) * (2 * n + 1) / 24.0 - tieCorrection / 48.0;
        if (variance <= 0)
        {
            return (1, 0);
        }

        double z = Math.Max(0, Math.Abs(wPlus - mean) - 0.5) / Math.Sqrt(variance);
        return (Math.Min(1, 2 * (1 - NormalCdf(z))), Math.Sign(wPlus - mean) * z);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Φ(x), from the complementary error function (Abramowitz–Stegun 7.1.26, |error| &lt; 1.5e-7).</summary>
    public static double NormalCdf(double x)
    {
        double z = Math.Abs(x) / Math.Sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-z * z);
        return x >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}
