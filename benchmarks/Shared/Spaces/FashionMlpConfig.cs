using StochasticMutatorTuner;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The Fashion-MNIST MLP space (14×14 images): 3,744 distinct conditional configs (39 architectures × 2
/// activations × 3 dropout settings × 2 optimizers × 4 learning rates × 2 batch sizes).
/// </summary>
public partial class FashionMlpConfig
{
    [Param(1, 2, 3, Ordered = true)]
    public int Layers { get; set; }

    [Param(32, 128, 256, Ordered = true), PerLayer(nameof(Layers))]
    public int[] Units { get; set; } = [];

    [Param("relu", "tanh")]
    public string Activation { get; set; } = "relu";

    [Param]
    public bool Dropout { get; set; }

    [Param(0.2, 0.5, Ordered = true), ActiveWhen(nameof(Dropout))]
    public double DropoutRate { get; set; }

    [Param(BenchOptimizer.Sgd, BenchOptimizer.Adam)]
    public BenchOptimizer Optimizer { get; set; }

    [Param(1e-3, 3e-3, 1e-2, 3e-2, Ordered = true)]
    public double LearningRate { get; set; }

    [Param(32, 128, Ordered = true)]
    public int BatchSize { get; set; }
}
