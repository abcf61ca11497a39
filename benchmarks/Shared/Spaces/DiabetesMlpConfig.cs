using StochasticMutatorTuner;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The diabetes regression space: 6,480 distinct conditional MLP configs (12 architectures × 3 activations × 3
/// weight-decay settings × 4 optimizer settings × 5 learning rates × 3 batch sizes), scored by validation mean
/// squared error on standardized targets.
/// </summary>
public partial class DiabetesMlpConfig
{
    [Param(1, 2, Ordered = true)]
    public int Layers { get; set; }

    [Param(16, 64, 256, Ordered = true), PerLayer(nameof(Layers))]
    public int[] Units { get; set; } = [];

    [Param("relu", "tanh", "elu")]
    public string Activation { get; set; } = "relu";

    [Param]
    public bool WeightDecay { get; set; }

    [Param(1e-4, 1e-2, Ordered = true), ActiveWhen(nameof(WeightDecay))]
    public double Decay { get; set; }

    [Param]
    public BenchOptimizer Optimizer { get; set; }

    [Param(0.5, 0.9, Ordered = true), ActiveWhen(nameof(Optimizer), BenchOptimizer.Sgd)]
    public double Momentum { get; set; }

    [Param(3e-4, 1e-3, 3e-3, 1e-2, 3e-2, Ordered = true)]
    public double LearningRate { get; set; }

    [Param(16, 32, 64, Ordered = true)]
    public int BatchSize { get; set; }
}
