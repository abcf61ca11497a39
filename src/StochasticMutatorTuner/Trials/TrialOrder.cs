namespace StochasticMutatorTuner.Trials;

/// <summary>
/// The one definition of "which trial is better", used by the study's best trial, the analysis, the CLI and the
/// plots: a complete trial with a finite score beats one without; between two scored trials the better score by the
/// study's <see cref="Direction"/> wins; on a tie, the earlier trial (lower number).
/// </summary>
public static class TrialOrder
{
    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/> (any trial beats null).</summary>
    public static bool IsBetter(TrialRecord candidate, TrialRecord? incumbent, Direction direction)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Compare(candidate, incumbent, direction) < 0;
    }

    /// <summary>A comparer that sorts the best trial first.</summary>
    public static IComparer<TrialRecord> BestFirst(Direction direction) => Comparer<TrialRecord>.Create((a, b) => Compare(a, b, direction));

    private static int Compare(TrialRecord? a, TrialRecord? b, Direction direction)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? 1 : -1;
        }

        if (a.HasScore != b.HasScore)
        {
            return a.HasScore ? -1 : 1;
        }

        if (a.HasScore && a.Score != b.Score)
        {
            return direction.IsBetter(a.Score!.Value, b.Score!.Value) ? -1 : 1;
        }

        return a.Number.CompareTo(b.Number);
    }
}
