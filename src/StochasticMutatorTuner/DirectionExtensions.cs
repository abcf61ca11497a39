namespace StochasticMutatorTuner;

/// <summary>Comparisons that respect a <see cref="Direction"/>.</summary>
public static class DirectionExtensions
{
    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(this Direction direction, double candidate, double incumbent) =>
        direction == Direction.Minimize ? candidate < incumbent : candidate > incumbent;

    /// <summary>True when <paramref name="score"/> reaches <paramref name="target"/> (at or beyond it).</summary>
    public static bool Reaches(this Direction direction, double score, double target) =>
        direction == Direction.Minimize ? score <= target : score >= target;

    /// <summary>"minimize" or "maximize".</summary>
    public static string ToText(this Direction direction) => direction == Direction.Minimize ? "minimize" : "maximize";

    /// <summary>The direction spelled <paramref name="text"/> (as <see cref="ToText"/> writes it), or null.</summary>
    public static Direction? ParseDirection(string text) => text switch
    {
        "minimize" => Direction.Minimize,
        "maximize" => Direction.Maximize,
        _ => null,
    };
}
