using StochasticMutatorTuner;

namespace Consumer;

public enum Optimizer { Sgd, Adam }

public partial class MlpConfig
{
    [Param(16, 32, 64, Ordered = true)] public int BatchSize { get; set; }
    [Param(1, 2, 3, Ordered = true)] public int Layers { get; set; }
    [Param(4, 8, 16, Ordered = true), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];
    [Param("relu", "tanh", "elu")] public string Activation { get; set; } = "relu";
    [Param] public bool Dropout { get; set; }
    [Param(0.1, 0.2, Ordered = true), ActiveWhen(nameof(Dropout))] public double DropoutRate { get; set; }
    [Param] public Optimizer Optimizer { get; set; }
    [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), Optimizer.Sgd)] public double Momentum { get; set; }
    [Param(1e-3, 1e-2, Name = "lr")] public float LearningRate { get; set; }
    [Param(1L, 2L)] public long Seed { get; init; }
    [Param(0.5, 1.5)] public decimal Scale { get; set; }
}
