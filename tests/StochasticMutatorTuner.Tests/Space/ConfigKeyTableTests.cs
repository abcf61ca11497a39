using CsCheck;
using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Tests.Space;

public class ConfigKeyTableTests
{
    [Fact]
    public void A_value_hashed_through_its_table_gives_the_same_hash_as_its_bytes()
    {
        // Keys are stored: the table must reproduce the byte-by-byte FNV-1a exactly, from any running hash.
        Gen.Select(Gen.Byte.Array[0, 64], Gen.ULong).Sample((pair, hash) =>
            Assert.Equal(ConfigKey.Append(hash, pair), ConfigKey.Append(hash, ConfigKey.Table(pair))));
    }

    [Fact]
    public void Keys_of_non_ascii_names_and_values_are_the_documented_fnv1a_hash()
    {
        var space = new SearchSpace(new[] { new ParameterSpec("größe", new object[] { "klein", "groß" }), new ParameterSpec("μ", new object[] { 0.5, 1.5 }) });
        ulong hash = 14695981039346656037UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes("größe\u001fgroß\u001eμ\u001f1.5\u001e"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        Assert.Equal(new ConfigKey(hash), space.KeyOf(new[] { 1, 1 }));
    }
}
