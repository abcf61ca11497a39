namespace StochasticMutatorTuner.Benchmarks.Tests;

public class StatisticsTests
{
    [Fact]
    public void The_signed_rank_test_sees_a_consistent_shift_and_its_direction_and_not_noise()
    {
        var random = new Random(4);
        var a = Enumerable.Range(0, 30).Select(_ => random.NextDouble()).ToArray();
        var shifted = a.Select(x => x + 0.1 + random.NextDouble() * 0.01).ToArray();
        var unrelated = a.Select(x => x + (random.NextDouble() - 0.5) * 0.01).ToArray();

        Assert.True(Statistics.WilcoxonSignedRank(a, shifted) < 0.001);
        Assert.True(Statistics.SignedRank(a, shifted).Z < 0);
        Assert.True(Statistics.SignedRank(shifted, a).Z > 0);
        Assert.True(Statistics.WilcoxonSignedRank(a, unrelated) > 0.05);
        Assert.Equal(1, Statistics.WilcoxonSignedRank(a, a));
        Assert.Equal(Statistics.WilcoxonSignedRank(a, shifted), Statistics.WilcoxonSignedRank(shifted, a), 12);
    }

    [Fact]
    public void Quantiles_interpolate_and_the_normal_cdf_is_accurate()
    {
        Assert.Equal(2.5, Statistics.Median(new[] { 4.0, 1, 3, 2 }));
        Assert.Equal(1.75, Statistics.Quantile(new[] { 1.0, 2, 3, 4 }, 0.25));
        Assert.Equal(0.975, Statistics.NormalCdf(1.959964), 5);
        Assert.Equal(0.5, Statistics.NormalCdf(0), 7);
    }
}
