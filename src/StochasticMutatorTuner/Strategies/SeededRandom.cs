using System.Runtime.CompilerServices;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// The random source of a search: every number is the one <c>new Random(seed)</c> gives (the seeded generator .NET
/// keeps for compatibility, Knuth's subtractive method), from a sealed type, so the draws' hot loop — tens of draws
/// per proposal, several numbers each — calls <see cref="Next(int)"/> and <see cref="NextDouble"/> directly instead of
/// through two virtual calls each.
/// </summary>
/// <remarks>
/// <para>It keeps the generator's state itself and overrides every member that reads it directly: <see cref="Next()"/>,
/// <see cref="Next(int)"/>, <see cref="Next(int, int)"/>, <see cref="NextDouble"/>, <see cref="Sample"/> and
/// <see cref="NextBytes(byte[])"/>. The others (<c>NextInt64</c>, <c>NextSingle</c>, <c>NextBytes(Span)</c>,
/// <c>Shuffle</c>, <c>GetItems</c>) are .NET's own, which for a derived type draw through those members — the
/// same numbers, by the runtime's own rules (tests compare every member with <c>new Random(seed)</c>).</para>
/// <para>Not thread-safe, like <see cref="Random"/>.</para>
/// </remarks>
internal sealed class SeededRandom : Random
{
    private const int Size = 56;
    private readonly int[] _state = new int[Size];
    private int _next;
    private int _nextPlus = 21;

    public SeededRandom(int seed)
        : base(seed) // the base keeps a generator of its own for a derived type, which this type never asks
    {
        // Knuth's initialisation: position 0 unused, 55 values spread by steps of 21, then four mixing rounds.
        int subtraction = seed == int.MinValue ? int.MaxValue : Math.Abs(seed);
        int mj = 161803398 - subtraction;
        _state[55] = mj;
        int mk = 1;
        int position = 0;
        for (int i = 1; i < 55; i++)
        {
            position += 21;
            if (position >= 55)
            {
                position -= 55;
            }

            _state[position] = mk;
            mk = mj - mk;
            if (mk < 0)
            {
                mk += int.MaxValue;
            }

            mj = _state[position];
        }

        for (int round = 1; round < 5; round++)
        {
            for (int i = 1; i < Size; i++)
            {
                int other = i + 30;
                if (other >= 55)
                {
                    other -= 55;
                }

                _state[i] -= _state[1 + other];
                if (_state[i] < 0)
                {
                    _state[i] += int.MaxValue;
                }
            }
        }
    }

    /// <summary><paramref name="random"/>.Next(<paramref name="maxValue"/>), called directly when it is a search's own source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Draw(Random random, int maxValue) => random is SeededRandom seeded ? seeded.Next(maxValue) : random.Next(maxValue);

    /// <summary><paramref name="random"/>.NextDouble(), called directly when it is a search's own source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DrawFraction(Random random) => random is SeededRandom seeded ? seeded.NextDouble() : random.NextDouble();

    /// <inheritdoc />
    public override int Next() => NextSample();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)(Fraction() * maxValue);
    }

    /// <inheritdoc />
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        long range = (long)maxValue - minValue;
        return range <= int.MaxValue
            ? (int)(Fraction() * range) + minValue
            : (int)((long)(FractionForLargeRange() * range) + minValue);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override double NextDouble() => Fraction();

    /// <inheritdoc />
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)NextSample();
        }
    }

    /// <inheritdoc />
    protected override double Sample() => Fraction();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Fraction() => NextSample() * (1.0 / int.MaxValue);

    /// <summary>Two numbers for one in a range wider than <see cref="int.MaxValue"/> (the second gives the sign).</summary>
    private double FractionForLargeRange()
    {
        int result = NextSample();
        if (NextSample() % 2 == 0)
        {
            result = -result;
        }

        double d = result;
        d += int.MaxValue - 1;
        d /= 2u * int.MaxValue - 1;
        return d;
    }

    /// <summary>The next number in [0, <see cref="int.MaxValue"/>): the difference of two earlier ones, 24 apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextSample()
    {
        int next = _next + 1;
        if (next >= Size)
        {
            next = 1;
        }

        int nextPlus = _nextPlus + 1;
        if (nextPlus >= Size)
        {
            nextPlus = 1;
        }

        var state = _state;
        int value = state[next] - state[nextPlus];
        if (value == int.MaxValue)
        {
            value--;
        }

        value += int.MaxValue & (value >> 31); // + int.MaxValue when negative, without a branch half the draws would mispredict

        state[next] = value;
        _next = next;
        _nextPlus = nextPlus;
        return value;
    }
}
