using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Strategies;

public class GridSearchConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new GridSearch();

    protected override bool UsesRandomness => false;

    [Fact]
    public void Grid_search_walks_the_distinct_configs_in_a_fixed_order()
    {
        var space = Spaces.Chain();
        var first = new ConformanceStudy(new GridSearch(), space, seed: 1).Run(7, ConformanceStudy.HashScore);
        var second = new ConformanceStudy(new GridSearch(), space, seed: 99).Run(7, ConformanceStudy.HashScore);
        Assert.Equal(first, second);
        Assert.Equal(space.EnumerateDistinct().Take(7).Select(g => space.KeyOf(g)), first);
    }
}
