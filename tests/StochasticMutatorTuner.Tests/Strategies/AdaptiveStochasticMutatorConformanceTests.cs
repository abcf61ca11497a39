using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Strategies;

public class AdaptiveStochasticMutatorConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new AdaptiveStochasticMutator { InitRandom = 3 };

    protected override ISearchStrategy? CreateSingleStep() => new AdaptiveStochasticMutator { StartFactor = 0, MinFactor = 0, MaxFactor = 0 };

    [Fact]
    public void The_factor_adapts_per_study_and_starts_fresh_in_the_next()
    {
        var strategy = new AdaptiveStochasticMutator { InitRandom = 2 };
        var first = new ConformanceStudy(strategy, Spaces.Flat(4, 8), seed: 1);
        first.Run(40, ConformanceStudy.HashScore);
        Assert.NotEqual(0.5, strategy.CurrentFactor(first.Context));

        var second = new ConformanceStudy(strategy, Spaces.Flat(4, 8), seed: 1);
        Assert.Equal(0.5, strategy.CurrentFactor(second.Context));
    }
}
