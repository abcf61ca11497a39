using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Strategies;

public class StochasticMutatorTests
{
    [Fact]
    public void Before_InitRandom_trials_candidates_are_random_not_mutations_of_the_best()
    {
        var study = new FakeStudy(Spaces.Flat(6, 10), seed: 3);
        var best = new[] { 0, 0, 0, 0, 0, 0 };
        study.Best = FakeStudy.Record(study.Space, best, 1.0);
        var mutator = new StochasticMutator { InitRandom = 5, RandomizeAxisFactor = 0 };

        int farFromBest = 0;
        for (study.TrialCount = 0; study.TrialCount < 5;)
        {
            var c = mutator.Propose(study.Context)!;
            farFromBest += c.Genome.Count(v => v != 0) > 1 ? 1 : 0;
            study.Take(c);
        }

        Assert.True(farFromBest >= 4, $"random draws should differ from the best in several axes; {farFromBest} of 5 did");
    }

    [Theory]
    [InlineData(0, 0, 0)] // ten trials, none pruned: the random start is over, every candidate is a mutation
    [InlineData(6, 9, 10)] // ten trials, six pruned: four count, so the mutator still draws at random
    public void Pruned_trials_do_not_use_up_the_random_start(int pruned, int minRandom, int maxRandom)
    {
        var mutator = new StochasticMutator { InitRandom = 5, RandomizeAxisFactor = 0 };
        int random = 0;
        for (int seed = 0; seed < 10; seed++)
        {
            var study = new FakeStudy(Spaces.Flat(6, 10), seed) { TrialCount = 10, PrunedCount = pruned };
            study.Best = FakeStudy.Record(study.Space, new[] { 0, 0, 0, 0, 0, 0 }, 1.0);
            var c = mutator.Propose(study.Context)!;
            random += c.Genome.Count(v => v != 0) > 1 ? 1 : 0; // a mutation with factor 0 changes exactly one axis
        }

        Assert.InRange(random, minRandom, maxRandom); // a random draw of 10^6 configs lands one axis from the best rarely
    }

    [Fact]
    public void With_factor_zero_each_candidate_is_the_best_with_exactly_one_ordered_step()
    {
        var study = new FakeStudy(Spaces.Flat(5, 7, ordered: true), seed: 9);
        var best = new[] { 3, 3, 3, 3, 3 };
        study.Best = FakeStudy.Record(study.Space, best, 1.0);
        study.TrialCount = 10;
        var mutator = new StochasticMutator { InitRandom = 10, RandomizeAxisFactor = 0 };

        for (int i = 0; i < 10; i++) // the 10 one-step neighbours, each once
        {
            var c = mutator.Propose(study.Context)!;
            var diffs = Enumerable.Range(0, 5).Where(p => c.Genome[p] != best[p]).ToArray();
            Assert.Single(diffs);
            Assert.Equal(1, Math.Abs(c.Genome[diffs[0]] - best[diffs[0]]));
            study.Take(c);
        }
    }

    [Fact]
    public void Only_active_parameters_are_mutated()
    {
        // Gate off: only Gate and Kind are active, so with one mutation Rate and Extra never "change".
        var space = Spaces.Conditional();
        var study = new FakeStudy(space, seed: 4);
        var best = new[] { 0, 1, 0, 0 }; // Gate=false, Rate (inactive), Kind=a, Extra (inactive)
        study.Best = FakeStudy.Record(space, best, 1.0);
        study.TrialCount = 10;
        var mutator = new StochasticMutator { RandomizeAxisFactor = 0 };
        for (int i = 0; i < 200; i++)
        {
            var c = mutator.Propose(study.Context)!;
            bool gateChanged = c.Genome[0] != best[0];
            bool kindChanged = c.Genome[2] != best[2];
            Assert.True(gateChanged ^ kindChanged, "exactly one active parameter changes");
        }
    }

    [Fact]
    public void A_parameter_switched_on_by_a_mutation_gets_a_fresh_random_value()
    {
        var space = new SearchSpace(new[]
        {
            new ParameterSpec("Gate", new object[] { false, true }),
            new ParameterSpec("Child", Enumerable.Range(0, 10).Cast<object>().ToArray(), ordered: true, condition: new ParameterCondition("Gate", new[] { 1 })),
        });
        var study = new FakeStudy(space, seed: 8);
        study.Best = FakeStudy.Record(space, new[] { 0, 0 }, 1.0); // Child inactive, stale value 0
        study.TrialCount = 10;
        var mutator = new StochasticMutator { RandomizeAxisFactor = 0 };
        var seen = new int[10];
        for (int i = 0; i < 2_000; i++)
        {
            var c = mutator.Propose(study.Context)!;
            Assert.Equal(1, c.Genome[0]); // the only possible single mutation turns the gate on
            seen[c.Genome[1]]++;
        }

        Assert.All(seen, count => Assert.InRange(count, 100, 300)); // ~200 each: uniform, not stuck at 0
    }

    [Fact]
    public void Taken_keys_are_never_proposed_and_the_neighbourhood_widens_until_the_space_is_exhausted()
    {
        foreach (var factor in new[] { 0.0, 0.5 })
        {
            var space = Spaces.Conditional();
            var study = new FakeStudy(space, seed: 21);
            var mutator = new StochasticMutator { InitRandom = 2, RandomizeAxisFactor = factor };
            var proposed = new HashSet<ConfigKey>();
            for (int i = 0; i < 16; i++)
            {
                var c = mutator.Propose(study.Context);
                Assert.NotNull(c);
                Assert.True(proposed.Add(c.Key), "a key was proposed twice");
                study.Take(c);
                study.Best ??= FakeStudy.Record(space, c.Genome, 1.0);
            }

            Assert.Null(mutator.Propose(study.Context)); // all 16 distinct configs tried: exhausted
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void An_invalid_factor_is_rejected(double factor) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StochasticMutator { RandomizeAxisFactor = factor });

    [Fact]
    public void The_number_of_changed_axes_follows_the_geometric_law_on_a_wide_space()
    {
        // 60 unordered parameters with 50 values: repeated picks of one axis are rare, so the changed-axis count
        // is close to the mutation count 1 + Geometric(0.5): mean 2.
        var space = Spaces.Flat(60, 50);
        var study = new FakeStudy(space, seed: 2);
        var best = new int[60];
        study.Best = FakeStudy.Record(space, best, 1.0);
        study.TrialCount = 10;
        var mutator = new StochasticMutator();
        var histogram = new int[8];
        const int draws = 20_000;
        for (int i = 0; i < draws; i++)
        {
            var c = mutator.Propose(study.Context)!;
            histogram[Math.Min(7, c.Genome.Count(v => v != 0))]++;
        }

        Assert.InRange(histogram[1] / (double)draws, 0.47, 0.53);
        Assert.InRange(histogram[2] / (double)draws, 0.22, 0.28);
        Assert.InRange(histogram[3] / (double)draws, 0.10, 0.15);
    }
}
