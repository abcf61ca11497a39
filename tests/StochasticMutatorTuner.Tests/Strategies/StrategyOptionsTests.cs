using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Strategies;

/// <summary>Strategy settings as a consumer meets them through <see cref="TunerOptions"/>.</summary>
public class StrategyOptionsTests
{
    [Theory]
    [InlineData("InitRandom")]
    [InlineData("RandomizeAxisFactor")]
    public async Task A_default_strategy_setting_next_to_an_explicit_strategy_is_an_error_that_says_where_it_belongs(string setting)
    {
        var options = new TunerOptions { StorageUrl = "memory", Strategy = new RandomSearch(), MaxTrials = 3 };
        if (setting == "InitRandom")
        {
            options.InitRandom = 25;
        }
        else
        {
            options.RandomizeAxisFactor = 0.7;
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new Tuner<SmallConfig>(options).SearchAsync((c, _) => c.Loss()));
        Assert.Contains(setting, error.Message);
        Assert.Contains("'random'", error.Message);
        Assert.Contains("new StochasticMutator", error.Message);
    }

    [Fact]
    public void Without_an_explicit_strategy_the_settings_configure_the_default_and_unset_ones_keep_its_defaults()
    {
        var tuned = (StochasticMutator)new TunerOptions { InitRandom = 25, RandomizeAxisFactor = 0.3 }.CreateStrategy();
        Assert.Equal(25, tuned.InitRandom);
        Assert.Equal(0.3, tuned.RandomizeAxisFactor);

        var defaults = (StochasticMutator)new TunerOptions().CreateStrategy();
        Assert.Equal(new StochasticMutator().InitRandom, defaults.InitRandom);
        Assert.Equal(new StochasticMutator().RandomizeAxisFactor, defaults.RandomizeAxisFactor);
    }

    [Theory]
    [InlineData("storm-adaptive")]
    [InlineData("grid")]
    public async Task One_options_object_reused_for_a_second_study_runs_it_like_a_fresh_one(string name)
    {
        ISearchStrategy Create() => name == "grid" ? new GridSearch() : new AdaptiveStochasticMutator { InitRandom = 3 };

        var shared = new TunerOptions { StorageUrl = "memory", Strategy = Create(), Seed = 7, MaxTrials = 30, StudyName = "first" };
        await new Tuner<SmallConfig>(shared).SearchAsync((c, _) => c.Loss());
        shared.StudyName = "second";
        shared.MaxTrials = 40;
        var second = await new Tuner<SmallConfig>(shared).SearchAsync((c, _) => c.Loss());

        var fresh = new TunerOptions { StorageUrl = "memory", Strategy = Create(), Seed = 7, MaxTrials = 40, StudyName = "second" };
        var alone = await new Tuner<SmallConfig>(fresh).SearchAsync((c, _) => c.Loss());
        Assert.Equal(alone.Trials.Select(t => t.Key), second.Trials.Select(t => t.Key));
    }

    [Fact]
    public void Consecutive_seeds_give_unrelated_first_draws()
    {
        // .NET's seeded Random starts consecutive seeds on evenly spaced values (modulo 1: seeds 1000, 1001, …
        // begin 0.1516, 0.6740, 0.1964, …, steps of 0.5224); mixed seeds do not.
        var raw = Enumerable.Range(1000, 50).Select(s => new Random(s).NextDouble()).ToArray();
        var mixed = Enumerable.Range(1000, 50).Select(s => StrategyRandom.Create(s).NextDouble()).ToArray();
        double RawSpacingSpread(double[] v) => Deviation(v.Zip(v.Skip(1), (a, b) => (b - a + 1) % 1));

        Assert.True(RawSpacingSpread(raw) < 1e-3, $"raw spacing spread {RawSpacingSpread(raw)}");
        Assert.True(RawSpacingSpread(mixed) > 0.1, $"mixed spacing spread {RawSpacingSpread(mixed)}");
        Assert.Equal(StrategyRandom.Create(1000).NextDouble(), StrategyRandom.Create(1000).NextDouble());
        Assert.All(Enumerable.Range(-5, 10), s => Assert.InRange(StrategyRandom.Mix(s, 3), 0, int.MaxValue));
    }

    private static double Deviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        double mean = list.Average();
        return Math.Sqrt(list.Average(v => (v - mean) * (v - mean)));
    }
}
