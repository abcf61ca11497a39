using System.Runtime.CompilerServices;
using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Strategies;

/// <summary>The mutation operators of the stochastic mutator, on one parameter of a genome.</summary>
internal static class Mutation
{
    /// <summary>
    /// Mutates parameter <paramref name="index"/> in place: an ordered parameter moves to an adjacent value (at
    /// either end it moves inward); an unordered one takes a uniformly random <em>different</em> value.
    /// </summary>
    /// <exception cref="ArgumentException">The parameter has a single value and cannot change.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.AggressiveInlining)]
    public static void MutateOne(SearchSpace space, Span<int> genome, int index, Random random)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(random);
        int count = space.ValueCounts[index];
        if (count < 2)
        {
            throw new ArgumentException($"Parameter '{space.Parameters[index].Name}' has a single value and cannot mutate.", nameof(index));
        }

        int current = genome[index];
        if (space.IsOrdered(index))
        {
            genome[index] = current == 0 ? 1
                : current == count - 1 ? count - 2
                : current + (SeededRandom.Draw(random, 2) == 0 ? -1 : 1);
        }
        else
        {
            int other = SeededRandom.Draw(random, count - 1);
            genome[index] = other >= current ? other + 1 : other;
        }
    }

    /// <summary>
    /// The number of mutations of one classic step: one, plus one more with probability
    /// <paramref name="factor"/>, repeatedly (a geometric law: with 0.5, one 50%, two 25%, three 12.5%, …).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.AggressiveInlining)]
    public static int DrawCount(double factor, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int count = 1;
        while (SeededRandom.DrawFraction(random) < factor)
        {
            count++;
        }

        return count;
    }
}
