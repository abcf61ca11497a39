namespace StochasticMutatorTuner.Benchmarks;

/// <summary>The optimizers the benchmark spaces choose from.</summary>
public enum BenchOptimizer
{
    /// <summary>SGD (with the config's momentum where the space has one).</summary>
    Sgd,

    /// <summary>Adam.</summary>
    Adam,

    /// <summary>AdamW (decoupled weight decay).</summary>
    AdamW,
}
