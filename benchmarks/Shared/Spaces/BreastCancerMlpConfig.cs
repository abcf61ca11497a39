using StochasticMutatorTuner;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The breast-cancer classification space: 5,616 distinct conditional MLP configs (39 architectures × 2
/// activations × 3 dropout settings × 3 optimizer settings × 4 learning rates × 2 batch sizes). Trained for 20
/// epochs: small learning rates with plain SGD start slowly, which is what pruning benchmarks need.
/// </summary>
public partial class BreastCancerMlpConfig
{
    [Param(1, 2, 3, Ordered = true)]
    public int Layers { get; set; }

    [Param(8, 32, 128, Ordered = true), PerLayer(nameof(Layers))]
    public int[] Units { get; set; } = [];

    [Param("relu", "tanh")]
    public string Activation { get; set; } = "relu";

    [Param]
    public bool Dropout { get; set; }

    [Param(0.1, 0.3, Ordered = true), ActiveWhen(nameof(Dropout))]
    public double DropoutRate { get; set; }

    [Param(BenchOptimizer.Sgd, BenchOptimizer.Adam)]
    public BenchOptimizer Optimizer { get; set; }

    [Param(0.0, 0.9, Ordered = true), ActiveWhen(nameof(Optimizer), BenchOptimizer.Sgd)]
    public double Momentum { get; set; }

    [Param(1e-4, 1e-3, 1e-2, 1e-1, Ordered = true)]
    public double LearningRate { get; set; }

    [Param(16, 64, Ordered = true)]
    public int BatchSize { get; set; }
}
