using System.Collections.Concurrent;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// The Gaussian kernel (σ = one index) that <see cref="ParzenScreen"/> spreads an ordered value with, tabulated per
/// number of values: a proposal rates candidates against every parameter, and computing the exponentials each time
/// cost more than the rest of the proposal. The terms and sums are the same doubles the direct formula gives.
/// </summary>
internal sealed class OrderedKernel
{
    private static readonly ConcurrentDictionary<int, OrderedKernel> Cache = new();

    private OrderedKernel(int count)
    {
        Gauss = new double[count];
        for (int d = 0; d < count; d++)
        {
            Gauss[d] = Math.Exp(-0.5 * d * d);
        }

        Sums = new double[count];
        for (int value = 0; value < count; value++)
        {
            double sum = 0;
            for (int v = 0; v < count; v++)
            {
                sum += Gauss[Math.Abs(v - value)];
            }

            Sums[value] = sum;
        }
    }

    /// <summary>exp(-d²/2) for every distance d between two values.</summary>
    public double[] Gauss { get; }

    /// <summary>Per centre value: the sum of its kernel over all values (its normalizer).</summary>
    public double[] Sums { get; }

    /// <summary>The kernel of a parameter with <paramref name="count"/> values.</summary>
    public static OrderedKernel Of(int count) => Cache.GetOrAdd(count, static c => new OrderedKernel(c));
}
