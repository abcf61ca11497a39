using StochasticMutatorTuner;

namespace FashionSample;

/// <summary>The architecture family.</summary>
public enum Architecture
{
    /// <summary>A multi-layer perceptron on the 784 pixels.</summary>
    Mlp,

    /// <summary>A small convolutional network.</summary>
    Cnn,
}

/// <summary>The optimizer.</summary>
public enum Optimizer
{
    /// <summary>SGD with momentum.</summary>
    Sgd,

    /// <summary>Adam.</summary>
    Adam,

    /// <summary>AdamW.</summary>
    AdamW,
}

/// <summary>A conditional space: MLP parameters exist only for MLPs, convolution parameters only for CNNs.</summary>
public partial class FashionConfig
{
    [Param]
    public Architecture Architecture { get; set; }

    [Param(1, 2, 3, Ordered = true), ActiveWhen(nameof(Architecture), Architecture.Mlp)]
    public int HiddenLayers { get; set; }

    [Param(64, 128, 256, 512, Ordered = true), PerLayer(nameof(HiddenLayers))]
    public int[] HiddenUnits { get; set; } = [];

    [Param(1, 2, Ordered = true), ActiveWhen(nameof(Architecture), Architecture.Cnn)]
    public int ConvBlocks { get; set; }

    [Param(8, 16, 32, Ordered = true), PerLayer(nameof(ConvBlocks))]
    public int[] Channels { get; set; } = [];

    [Param(64, 128, Ordered = true), ActiveWhen(nameof(Architecture), Architecture.Cnn)]
    public int DenseUnits { get; set; }

    [Param("relu", "elu", "tanh")]
    public string Activation { get; set; } = "relu";

    [Param]
    public bool Dropout { get; set; }

    [Param(0.1, 0.25, 0.4, Ordered = true), ActiveWhen(nameof(Dropout))]
    public double DropoutRate { get; set; }

    [Param]
    public Optimizer Optimizer { get; set; }

    [Param(0.5, 0.9, Ordered = true), ActiveWhen(nameof(Optimizer), Optimizer.Sgd)]
    public double Momentum { get; set; }

    [Param(3e-4, 1e-3, 3e-3, 1e-2, 3e-2, Ordered = true)]
    public double LearningRate { get; set; }

    [Param(32, 64, 128, 256, Ordered = true)]
    public int BatchSize { get; set; }
}
