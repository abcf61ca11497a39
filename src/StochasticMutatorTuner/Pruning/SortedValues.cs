namespace StochasticMutatorTuner.Pruning;

/// <summary>Counting in an ascending list of values: how many a rung holds below a trial's (its strictly better ones, in minimizing keys).</summary>
internal static class SortedValues
{
    /// <summary>How many entries of the ascending <paramref name="sorted"/> are below <paramref name="key"/>.</summary>
    public static int CountBelow(IReadOnlyList<double> sorted, double key)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
