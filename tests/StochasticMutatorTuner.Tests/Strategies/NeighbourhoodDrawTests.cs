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

    [Theory]
    [InlineData("conditional")]
    [InlineData("chain")]
    [InlineData("flat")]
    [InlineData("wide")]
    public void Remembering_configs_taken_for_good_proposes_the_same_candidates(string name)
    {
        var space = name switch
        {
            "conditional" => Spaces.Conditional(),
            "chain" => Spaces.Chain(),
            "flat" => Spaces.Flat(6, 5, ordered: true),
            _ => Wide(),
        };

        // The same seed and parent twice: once asking the study about every draw, once with what it said remembered.
        var (plain, _) = Proposals(space, rememberTaken: false);
        var (remembering, _) = Proposals(space, rememberTaken: true);
        Assert.Equal(plain, remembering);
    }

    [Fact]
    public void Remembering_configs_taken_for_good_asks_the_study_about_far_fewer_draws()
    {
        var (_, plainAsked) = Proposals(Wide(), rememberTaken: false);
        var (_, rememberingAsked) = Proposals(Wide(), rememberTaken: true);
        Assert.True(rememberingAsked < plainAsked / 2, $"asked {rememberingAsked} times with the memory, {plainAsked} without");
    }

    /// <summary>Conditions and enough configs (about 50,000) for a neighbourhood to fill up and be drawn again and again.</summary>
    private static SearchSpace Wide() => new(new[]
    {
        new ParameterSpec("Gate", new object[] { false, true }),
        new ParameterSpec("Rate", new object[] { 0.1, 0.2, 0.3, 0.4 }, ordered: true, condition: new ParameterCondition("Gate", new[] { 1 })),
        new ParameterSpec("Kind", new object[] { "a", "b", "c" }),
        new ParameterSpec("Extra", new object[] { 1, 2, 3, 4 }, condition: new ParameterCondition("Kind", new[] { 1 })),
        new ParameterSpec("p0", new object[] { 0, 1, 2, 3, 4 }, ordered: true),
        new ParameterSpec("p1", new object[] { 0, 1, 2, 3, 4 }),
        new ParameterSpec("p2", new object[] { 0, 1, 2, 3, 4 }, ordered: true),
        new ParameterSpec("p3", new object[] { 0, 1, 2, 3, 4 }),
    });

    /// <summary>Proposals around one parent until most of its neighbourhood is taken; and how often the study was asked about a key.</summary>
    private static (List<ConfigKey> Keys, int Asked) Proposals(SearchSpace space, bool rememberTaken)
    {
        var taken = new HashSet<ConfigKey>();
        int asked = 0;
        bool IsTaken(ConfigKey key)
        {
            asked++;
            return taken.Contains(key);
        }

        var random = new Random(11);
        var context = new StrategyContext(new ConditionalSpaceResolver(space), random, Direction.Minimize, IsTaken, () => taken.Count, () => null)
        {
            TakenForGood = rememberTaken ? IsTaken : null,
        };
        var parent = space.Sample(new Random(5));
        var keys = new List<ConfigKey>();
        while (taken.Count < Math.Min(space.DistinctConfigCount * 0.6, 2000))
        {
            var candidate = Neighbourhood.Propose(context, () => parent, 0.5, 32)!;
            Assert.DoesNotContain(candidate.Key, taken);
            Assert.Equal(space.KeyOf(candidate.Genome), candidate.Key);
            taken.Add(candidate.Key);
            keys.Add(candidate.Key);
        }

        return (keys, asked);
    }
}
