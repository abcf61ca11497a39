using StochasticMutatorTuner;

namespace QuickStart;

/// <summary>The optimizers the quick start chooses between.</summary>
public enum Optimizer
{
    /// <summary>SGD with momentum.</summary>
    Sgd,

    /// <summary>Adam.</summary>
    Adam,

    /// <summary>AdamW.</summary>
    AdamW,
}

/// <summary>The search space: an MLP for the breast-cancer data, with conditional parameters.</summary>
public partial class MlpConfig
{
    [Param(16, 32, 64, 128, Ordered = true)]
    public int BatchSize { get; set; }

    [Param(1, 2, 3, Ordered = true)]
    public int Layers { get; set; }

    // One parameter per layer: Units[i] exists only while Layers > i.
    [Param(8, 16, 32, 64, Ordered = true), PerLayer(nameof(Layers))]
    public int[] Units { get; set; } = [];

    [Param("relu", "tanh", "elu", "selu")]
    public string Activation { get; set; } = "relu";

    [Param]
    public bool Dropout { get; set; }

    [Param(0.1, 0.2, 0.3, 0.5, Ordered = true), ActiveWhen(nameof(Dropout))]
    public double DropoutRate { get; set; }

    [Param]
    public Optimizer Optimizer { get; set; }

    // Momentum matters only for SGD.
    [Param(0.0, 0.5, 0.9, Ordered = true), ActiveWhen(nameof(Optimizer), Optimizer.Sgd)]
    public double Momentum { get; set; }

    [Param(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, Ordered = true)]
    public double LearningRate { get; set; }
}
