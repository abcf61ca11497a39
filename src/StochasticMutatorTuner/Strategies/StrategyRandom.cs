namespace StochasticMutatorTuner.Strategies;

/// <summary>Random sources for studies and trials, from a user's seed.</summary>
/// <remarks>
/// .NET's seeded <see cref="Random"/> (the compatible subtractive generator) starts consecutive seeds on nearly
/// evenly spaced first draws: seeds 1, 2, 3, … do not give independent searches. Every seed is therefore mixed
/// with SplitMix64 first, which spreads consecutive integers over the whole range.
/// </remarks>
public static class StrategyRandom
{
    /// <summary>The random source of a study seeded with <paramref name="seed"/> (stream -1: no trial has that number).</summary>
    public static Random Create(int seed) => new(Mix(seed, -1));

    /// <summary>A non-negative seed for stream <paramref name="stream"/> of <paramref name="seed"/> (a trial number gives that trial's seed), from SplitMix64.</summary>
    public static int Mix(int seed, int stream)
    {
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(uint)stream + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & 0x7fffffff);
    }
}
