using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Strategies;

/// <summary>The stochastic mutator with restarts when stalled (<see cref="StochasticMutator.RestartAfter"/>).</summary>
public class RestartingStochasticMutatorConformanceTests : StrategyConformance
{
    protected override ISearchStrategy Create() => new StochasticMutator { InitRandom = 3, RestartAfter = 4 };

    protected override ISearchStrategy? CreateSingleStep() => new StochasticMutator { RandomizeAxisFactor = 0, RestartAfter = 4 };

    [Fact]
    public void After_the_stall_the_parent_is_the_best_recent_trial_and_a_new_best_brings_the_search_back()
    {
        // Two ordered parameters of 200 values, factor 0: every candidate is one step from its parent (each config
        // has four neighbours, so none of the parents below runs out of them).
        var space = Spaces.Flat(2, 200, ordered: true);
        var mutator = new StochasticMutator { InitRandom = 1, RandomizeAxisFactor = 0, RestartAfter = 3 };
        var study = new ConformanceStudy(mutator, space, seed: 2);
        static int Distance(IReadOnlyList<int> a, IReadOnlyList<int> b) => Math.Abs(a[0] - b[0]) + Math.Abs(a[1] - b[1]);

        // Trial 0 (random) becomes the best with score 0; everything after it scores worse.
        var best = study.Ask()!;
        study.Tell(0, 0);
        for (int i = 1; i <= 3; i++)
        {
            var c = study.Ask()!;
            Assert.Equal(1, Distance(c.Genome, best.Genome)); // still mutating the best
            study.Tell(i, 10 + c.Genome.Sum());
        }

        // Three trials since the best: the parent is now the best of trials 1-3, not the best itself.
        var recent = study.Trials.Skip(1).MinBy(t => t.Score)!;
        var after = study.Ask()!;
        Assert.Equal(1, Distance(after.Genome, recent.Genome));
        Assert.Equal(2, Distance(after.Genome, best.Genome));
        study.Tell(4, -1); // a new best brings the search back to the best
        var back = study.Ask()!;
        Assert.Equal(1, Distance(back.Genome, after.Genome));
    }

    [Fact]
    public void Without_RestartAfter_it_is_the_classic_mutator_and_says_so()
    {
        Assert.Null(new StochasticMutator().RestartAfter);
        Assert.Equal("storm", new StochasticMutator().Name);
        Assert.Equal("storm-restart", new StochasticMutator { RestartAfter = 60 }.Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StochasticMutator { RestartAfter = 0 });
    }
}
