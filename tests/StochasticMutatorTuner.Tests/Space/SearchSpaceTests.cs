using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Space;

public class SearchSpaceTests
{
    [Fact]
    public void Activity_follows_conditions_including_chains()
    {
        var space = Spaces.Chain(); // C, A, B
        Assert.Equal(new[] { false, true, false }, space.GetActive(new[] { 1, 0, 1 }));  // A=0: B and C off
        Assert.Equal(new[] { false, true, true }, space.GetActive(new[] { 1, 1, 0 }));   // A=1, B=10: C off
        Assert.Equal(new[] { true, true, true }, space.GetActive(new[] { 1, 2, 1 }));    // A=2, B=20: C on
        Assert.True(space.IsActive(new[] { 0, 2, 1 }, 0));
        Assert.False(space.IsActive(new[] { 0, 0, 1 }, 0));
    }

    [Fact]
    public void Configs_that_differ_only_in_inactive_values_share_a_key()
    {
        var space = Spaces.Conditional();
        var a = space.KeyOf(new[] { 0, 0, 0, 0 }); // Gate off, Kind a: Rate and Extra inactive
        var b = space.KeyOf(new[] { 0, 2, 0, 1 }); // same, with other (inactive) Rate and Extra
        Assert.Equal(a, b);
        Assert.NotEqual(a, space.KeyOf(new[] { 1, 0, 0, 0 })); // Gate on changes the active set
        Assert.NotEqual(space.KeyOf(new[] { 1, 0, 0, 0 }), space.KeyOf(new[] { 1, 1, 0, 0 }));
    }

    [Fact]
    public void Keys_do_not_depend_on_value_positions_so_an_added_choice_keeps_old_keys()
    {
        var before = new SearchSpace(new[] { new ParameterSpec("x", new object[] { 1, 2 }), new ParameterSpec("y", new object[] { "a", "b" }) });
        var after = new SearchSpace(new[] { new ParameterSpec("x", new object[] { 0, 1, 2 }), new ParameterSpec("y", new object[] { "a", "b", "c" }) });
        Assert.Equal(before.KeyOf(new[] { 1, 0 }), after.KeyOf(new[] { 2, 0 }));
    }

    [Fact]
    public void The_key_is_the_documented_fnv1a_hash_of_active_names_and_values()
    {
        // Stored studies depend on this exact function: it must not change between versions.
        var space = new SearchSpace(new[] { new ParameterSpec("lr", new object[] { 0.001, 0.01 }), new ParameterSpec("act", new object[] { "relu", "tanh" }) });
        ulong hash = 14695981039346656037UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes("lr\u001f0.01\u001eact\u001ftanh\u001e"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        Assert.Equal(new ConfigKey(hash), space.KeyOf(new[] { 1, 1 }));
        Assert.Equal(hash.ToString("x16"), space.KeyOf(new[] { 1, 1 }).ToString());
        Assert.Equal(space.KeyOf(new[] { 1, 1 }), ConfigKey.Parse(space.KeyOf(new[] { 1, 1 }).ToString()));
    }

    [Fact]
    public void Canonical_text_is_culture_independent()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("0.001", ParamValues.Format(1e-3));
            Assert.Equal("-2.5", ParamValues.Format(-2.5f));
            Assert.Equal("1E-05", ParamValues.Format(1e-5));
            Assert.Equal("0.1", ParamValues.Format(0.1m));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void The_distinct_count_matches_the_enumeration_and_enumeration_has_no_duplicate_keys()
    {
        foreach (var space in new[] { Spaces.Conditional(), Spaces.Chain(), Spaces.Flat(3, 4) })
        {
            var keys = space.EnumerateDistinct().Select(g => space.KeyOf(g)).ToList();
            Assert.Equal(space.DistinctConfigCount, keys.Count);
            Assert.Equal(keys.Count, keys.Distinct().Count());
        }

        Assert.Equal(16, Spaces.Conditional().DistinctConfigCount);
        Assert.Equal(7, Spaces.Chain().DistinctConfigCount);
    }

    [Theory]
    [InlineData("dup names")]
    [InlineData("unknown parent")]
    [InlineData("self parent")]
    [InlineData("cycle")]
    [InlineData("index out of range")]
    public void Invalid_spaces_are_rejected_with_a_message_naming_the_parameter(string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => new SearchSpace(problem switch
        {
            "dup names" => new[] { new ParameterSpec("a", new object[] { 1 }), new ParameterSpec("a", new object[] { 2 }) },
            "unknown parent" => new[] { new ParameterSpec("a", new object[] { 1 }, condition: new ParameterCondition("zz", new[] { 0 })) },
            "self parent" => new[] { new ParameterSpec("a", new object[] { 1 }, condition: new ParameterCondition("a", new[] { 0 })) },
            "cycle" => new[]
            {
                new ParameterSpec("a", new object[] { 1 }, condition: new ParameterCondition("b", new[] { 0 })),
                new ParameterSpec("b", new object[] { 1 }, condition: new ParameterCondition("a", new[] { 0 })),
            },
            _ => new[] { new ParameterSpec("p", new object[] { true, false }), new ParameterSpec("a", new object[] { 1 }, condition: new ParameterCondition("p", new[] { 5 })) },
        }));
        Assert.Contains("'a'", error.Message);
    }

    [Fact]
    public void Parameter_values_must_be_non_empty_distinct_and_of_one_type()
    {
        Assert.Contains("no values", Assert.Throws<ArgumentException>(() => new ParameterSpec("a", Array.Empty<object>())).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new ParameterSpec("a", new object[] { 1, 1 })).Message);
        Assert.Contains("mixes", Assert.Throws<ArgumentException>(() => new ParameterSpec("a", new object[] { 1, "1" })).Message);
        Assert.Contains("Unsupported", Assert.Throws<ArgumentException>(() => new ParameterSpec("a", new object[] { DateTime.Now })).Message);
    }

    [Fact]
    public void The_fingerprint_changes_with_the_space_and_only_then()
    {
        Assert.Equal(Spaces.Conditional().Fingerprint, Spaces.Conditional().Fingerprint);
        Assert.NotEqual(Spaces.Conditional().Fingerprint, Spaces.Chain().Fingerprint);
        Assert.NotEqual(Spaces.Flat(2, 3).Fingerprint, Spaces.Flat(2, 3, ordered: true).Fingerprint);
    }

    [Fact]
    public void Comparing_descriptions_tells_compatible_from_incompatible_changes()
    {
        var stored = SpaceDescription.Parse(SpaceDescription.ToJson(Spaces.Conditional()));
        Assert.Empty(SpaceDescription.Compare(stored, Spaces.Conditional()).Changes);

        var added = new SearchSpace(Spaces.Conditional().Parameters.Select(p => p.Name == "Kind" ? new ParameterSpec("Kind", new object[] { "a", "b", "c", "d" }) : p));
        var comparison = SpaceDescription.Compare(stored, added);
        Assert.True(comparison.IsCompatible);
        Assert.Contains(comparison.Changes, c => c.Description.Contains("gained the value(s) d"));

        var removed = new SearchSpace(Spaces.Conditional().Parameters.Where(p => p.Name != "Extra"));
        comparison = SpaceDescription.Compare(stored, removed);
        Assert.False(comparison.IsCompatible);
        Assert.Contains("parameter 'Extra' was removed", comparison.Describe());

        var retyped = new SearchSpace(Spaces.Conditional().Parameters.Select(p => p.Name == "Kind" ? new ParameterSpec("Kind", new object[] { 1, 2, 3 }) : p).Where(p => p.Name != "Extra"));
        Assert.Contains("changed type from string to int", SpaceDescription.Compare(stored, retyped).Describe());
    }
}
