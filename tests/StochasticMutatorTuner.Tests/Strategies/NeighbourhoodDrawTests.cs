using CsCheck;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Strategies;

/// <summary>
/// A draw reuses what it knows of its parent (activity, key prefixes): its key and activity must still be exactly
/// those of its genome, whatever the parent, the space's conditions and the number of mutations.
/// </summary>
public class NeighbourhoodDrawTests
{
    [Theory]
    [InlineData("conditional")]
    [InlineData("chain")]
    [InlineData("flat")]
    public void Every_draw_has_the_activity_and_key_of_its_genome(string name)
    {
        var space = name switch
        {
            "conditional" => Spaces.Conditional(),
            "chain" => Spaces.Chain(), // a condition parent after its child
            _ => Spaces.Flat(6, 4, ordered: true),
        };
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 3]).Sample((seed, extra) =>
        {
            var study = new FakeStudy(space, seed);
            var parents = Enumerable.Range(0, 3).Select(_ => space.Sample(study.Random)).ToArray();
            for (int draw = 0; draw < 30; draw++)
            {
                var parent = parents[draw % 2 == 0 ? 0 : 1 + draw % 2]; // the same parent often, others between
                var candidate = Neighbourhood.MutateFrom(study.Context, parent, 0.5, extra);
                if (candidate is null)
                {
                    continue;
                }

                Assert.Equal(space.GetActive(candidate.Genome), candidate.Active);
                Assert.Equal(space.KeyOf(candidate.Genome), candidate.Key);
            }
        });
    }

    [Fact]
    public void A_parent_changed_in_place_is_read_again()
    {
        var space = Spaces.Flat(5, 6);
        var study = new FakeStudy(space, 7);
        var parent = new[] { 0, 0, 0, 0, 0 };
        Neighbourhood.MutateFrom(study.Context, parent, 0, 0);

        // The same array with other values: the draw starts from these, not from what the draft kept.
        Array.Fill(parent, 5);
        for (int draw = 0; draw < 20; draw++)
        {
            var candidate = Neighbourhood.MutateFrom(study.Context, parent, 0, 0)!;
            Assert.Equal(1, candidate.Genome.Count(v => v != 5)); // exactly one mutation of the new parent
            Assert.Equal(space.KeyOf(candidate.Genome), candidate.Key);
        }
    }

    [Fact]
    public void A_parent_that_is_not_an_array_gives_the_same_draws_as_the_array()
    {
        var space = Spaces.Conditional();
        var fromArray = new FakeStudy(space, 3);
        var fromList = new FakeStudy(space, 3);
        var parent = new[] { 1, 2, 1, 1 };
        for (int draw = 0; draw < 50; draw++)
        {
            var a = Neighbourhood.MutateFrom(fromArray.Context, parent, 0.5, draw % 3)!;
            var b = Neighbourhood.MutateFrom(fromList.Context, parent.ToList(), 0.5, draw % 3)!;
            Assert.Equal(a.Genome, b.Genome);
            Assert.Equal(a.Key, b.Key);
        }
    }
}
