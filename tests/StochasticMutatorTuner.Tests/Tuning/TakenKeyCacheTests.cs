using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Studies;

namespace StochasticMutatorTuner.Tests.Tuning;

public class TakenKeyCacheTests
{
    [Fact]
    public void It_holds_what_was_added_and_nothing_else_even_after_it_filled_up_and_started_again()
    {
        var cache = new TakenKeyCache();
        var random = new Random(5);
        var added = new HashSet<ulong>();
        Assert.False(cache.Contains(new ConfigKey(0)));
        cache.Add(new ConfigKey(0));
        Assert.True(cache.Contains(new ConfigKey(0)));
        for (int i = 0; i < 20_000; i++)
        {
            ulong key = (ulong)random.NextInt64() | 1;
            cache.Add(new ConfigKey(key));
            added.Add(key);
            Assert.True(cache.Contains(new ConfigKey(key))); // just added: always there
        }

        int kept = 0;
        for (int i = 0; i < 20_000; i++)
        {
            ulong other = ((ulong)random.NextInt64() & ~1UL) | 2; // even and not 0: never added (every added key is odd)
            Assert.False(cache.Contains(new ConfigKey(other)));
        }

        foreach (ulong key in added)
        {
            kept += cache.Contains(new ConfigKey(key)) ? 1 : 0;
        }

        // Bounded: it started again when full, so it keeps the latest keys, not all 20,000.
        Assert.InRange(kept, 1, 4096);
    }
}
