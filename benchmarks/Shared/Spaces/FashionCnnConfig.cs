using StochasticMutatorTuner;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The Fashion-MNIST CNN space (14×14 images): 1,728 distinct conditional configs (12 convolution stacks × 2
/// dense widths × 3 activations × 2 dropout settings × 2 optimizers × 3 learning rates × 2 batch sizes).
/// </summary>
public partial class FashionCnnConfig
{
    [Param(1, 2, Ordered = true)]
    public int ConvBlocks { get; set; }

    [Param(4, 8, 16, Ordered = true), PerLayer(nameof(ConvBlocks))]
    public int[] Channels { get; set; } = [];

    [Param(32, 128, Ordered = true)]
    public int DenseUnits { get; set; }

    [Param("relu", "tanh", "elu")]
    public string Activation { get; set; } = "relu";

    [Param]
    public bool Dropout { get; set; }

    [Param(BenchOptimizer.Sgd, BenchOptimizer.Adam)]
    public BenchOptimizer Optimizer { get; set; }

    [Param(1e-3, 3e-3, 1e-2, Ordered = true)]
    public double LearningRate { get; set; }

    [Param(32, 128, Ordered = true)]
    public int BatchSize { get; set; }
}
