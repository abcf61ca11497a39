namespace StochasticMutatorTuner.Benchmarks;

/// <summary>A categorical parameter of the synthetic space.</summary>
public enum Shape
{
    Square,
    Circle,
    Triangle,
    Star,
    Hexagon,
}
