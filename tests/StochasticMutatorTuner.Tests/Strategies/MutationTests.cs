using CsCheck;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Tests.Strategies;

public class MutationTests
{
    [Fact]
    public void An_ordered_mutation_moves_exactly_one_step_and_inward_at_the_ends()
    {
        Gen.Select(Gen.Int[2, 12], Gen.Int[0, 1000], Gen.Int[0, int.MaxValue]).Sample((count, position, seed) =>
        {
            var space = new SearchSpace(new[] { new ParameterSpec("p", Enumerable.Range(0, count).Cast<object>().ToArray(), ordered: true) });
            int start = position % count;
            var genome = new[] { start };
            Mutation.MutateOne(space, genome, 0, new Random(seed));
            Assert.Equal(1, Math.Abs(genome[0] - start));
            if (start == 0)
            {
                Assert.Equal(1, genome[0]);
            }

            if (start == count - 1)
            {
                Assert.Equal(count - 2, genome[0]);
            }
        });
    }

    [Fact]
    public void An_unordered_mutation_always_changes_the_value()
    {
        Gen.Select(Gen.Int[2, 12], Gen.Int[0, 1000], Gen.Int[0, int.MaxValue]).Sample((count, position, seed) =>
        {
            var space = new SearchSpace(new[] { new ParameterSpec("p", Enumerable.Range(0, count).Cast<object>().ToArray()) });
            var genome = new[] { position % count };
            Mutation.MutateOne(space, genome, 0, new Random(seed));
            Assert.NotEqual(position % count, genome[0]);
            Assert.InRange(genome[0], 0, count - 1);
        });
    }

    [Fact]
    public void An_unordered_mutation_picks_every_other_value_about_equally_often()
    {
        var space = new SearchSpace(new[] { new ParameterSpec("p", Enumerable.Range(0, 5).Cast<object>().ToArray()) });
        var random = new Random(5);
        var counts = new int[5];
        const int draws = 40_000;
        for (int i = 0; i < draws; i++)
        {
            var genome = new[] { 2 };
            Mutation.MutateOne(space, genome, 0, random);
            counts[genome[0]]++;
        }

        Assert.Equal(0, counts[2]);
        foreach (int v in new[] { 0, 1, 3, 4 })
        {
            // Expected 10,000 each; binomial sd ≈ 87: a 5-sd band.
            Assert.InRange(counts[v], 10_000 - 450, 10_000 + 450);
        }
    }

    [Fact]
    public void A_single_valued_parameter_cannot_mutate()
    {
        var space = new SearchSpace(new[] { new ParameterSpec("p", new object[] { 1 }) });
        Assert.Throws<ArgumentException>(() => Mutation.MutateOne(space, new[] { 0 }, 0, new Random(1)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Mutation_counts_follow_the_geometric_law(double factor)
    {
        var random = new Random(11);
        const int draws = 200_000;
        var counts = new int[64];
        for (int i = 0; i < draws; i++)
        {
            counts[Math.Min(63, Mutation.DrawCount(factor, random))]++;
        }

        Assert.Equal(0, counts[0]);
        for (int k = 1; k <= 5; k++)
        {
            double p = (1 - factor) * Math.Pow(factor, k - 1);
            double expected = draws * p;
            double sd = Math.Sqrt(draws * p * (1 - p));
            Assert.InRange(counts[k], expected - 5 * sd - 1, expected + 5 * sd + 1);
        }
    }
}
