namespace StochasticMutatorTuner;

/// <summary>Whether lower or higher scores are better.</summary>
public enum Direction
{
    /// <summary>Lower is better (losses, errors).</summary>
    Minimize,

    /// <summary>Higher is better (accuracy, reward).</summary>
    Maximize,
}
