using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Strategies;

public class ExhaustionTests
{
    public static TheoryData<string> Strategies => new() { "random", "grid", "storm" };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Every_distinct_config_is_proposed_exactly_once_then_the_strategy_reports_exhaustion(string name)
    {
        foreach (var space in new[] { Spaces.Conditional(), Spaces.Chain(), Spaces.Flat(2, 3) })
        {
            ISearchStrategy strategy = name switch
            {
                "random" => new RandomSearch(),
                "grid" => new GridSearch(),
                _ => new StochasticMutator { InitRandom = 1 },
            };
            var study = new FakeStudy(space, seed: 5);
            var all = space.EnumerateDistinct().Select(g => space.KeyOf(g)).ToHashSet();
            for (int i = 0; i < all.Count; i++)
            {
                var c = strategy.Propose(study.Context);
                Assert.NotNull(c);
                Assert.Contains(c.Key, all);
                Assert.DoesNotContain(c.Key, study.Taken);
                study.Take(c);
                study.Best ??= FakeStudy.Record(space, c.Genome, i);
            }

            Assert.Equal(all, study.Taken);
            Assert.Null(strategy.Propose(study.Context));
        }
    }

    [Fact]
    public void Grid_search_walks_the_distinct_configs_in_a_fixed_order()
    {
        var space = Spaces.Chain();
        var first = new FakeStudy(space, seed: 1);
        var second = new FakeStudy(space, seed: 99);
        var a = new GridSearch();
        var b = new GridSearch();
        for (int i = 0; i < 7; i++)
        {
            var x = a.Propose(first.Context)!;
            var y = b.Propose(second.Context)!;
            Assert.Equal(x.Key, y.Key);
            first.Take(x);
            second.Take(y);
        }
    }
}
