using StochasticMutatorTuner;

namespace StochasticMutatorTuner.Benchmarks;

public enum TabularOptimizer
{
    Sgd,
    Adam,
}

/// <summary>
/// The tabular benchmark's space: 2,106 distinct conditional MLP configs (39 architectures × 2 activations ×
/// 3 dropout settings × 3 optimizer settings × 3 learning rates).
/// </summary>
public partial class TabularMlpConfig
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

    [Param]
    public TabularOptimizer Optimizer { get; set; }

    [Param(0.0, 0.9, Ordered = true), ActiveWhen(nameof(Optimizer), TabularOptimizer.Sgd)]
    public double Momentum { get; set; }

    [Param(1e-3, 1e-2, 1e-1, Ordered = true)]
    public double LearningRate { get; set; }
}
