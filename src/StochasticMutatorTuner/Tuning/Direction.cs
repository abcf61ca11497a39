namespace StochasticMutatorTuner.Tuning;

/// <summary>Whether lower or higher scores are better.</summary>
public enum Direction
{
    /// <summary>Lower is better (losses, errors).</summary>
    Minimize,

    /// <summary>Higher is better (accuracy, reward).</summary>
    Maximize,
}

/// <summary>Comparisons that respect a <see cref="Direction"/>.</summary>
public static class DirectionExtensions
{
    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(this Direction direction, double candidate, double incumbent) =>
        direction == Direction.Minimize ? candidate < incumbent : candidate > incumbent;

    /// <summary>True when <paramref name="score"/> reaches <paramref name="target"/> (at or beyond it).</summary>
    public static bool Reaches(this Direction direction, double score, double target) =>
        direction == Direction.Minimize ? score <= target : score >= target;
}
