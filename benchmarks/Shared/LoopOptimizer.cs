namespace StochasticMutatorTuner.Benchmarks;

/// <summary>The optimizers of <see cref="SmallMlpConfig"/>.</summary>
public enum LoopOptimizer
{
    Sgd,
    Adam,
    AdamW,
}
