namespace StochasticMutatorTuner.Tests.Support;

public enum Opt
{
    Sgd,
    Adam,
}

/// <summary>A small conditional space: 4 · (1 + 3) · (2 + 1) = 48 distinct configs.</summary>
public partial class SmallConfig
{
    [Param(1, 2, 3, 4, Ordered = true)]
    public int Width { get; set; }

    [Param]
    public bool Dropout { get; set; }

    [Param(0.1, 0.2, 0.3, Ordered = true), ActiveWhen(nameof(Dropout))]
    public double Rate { get; set; }

    [Param]
    public Opt Optimizer { get; set; }

    [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), Opt.Sgd)]
    public double Momentum { get; set; }

    /// <summary>A smooth objective with its minimum 0 at Width 3, no dropout, Adam.</summary>
    public double Loss() => Math.Abs(Width - 3) + (Dropout ? Rate : 0) + (Optimizer == Opt.Sgd ? 0.5 + Momentum : 0);
}

/// <summary>A per-layer list: Layers (1..3) and Units[i] for each layer.</summary>
public partial record LayeredConfig
{
    [Param(1, 2, 3, Ordered = true)]
    public int Layers { get; init; }

    [Param(8, 16, 32, Ordered = true), PerLayer(nameof(Layers))]
    public int[] Units { get; init; } = [];

    [Param("relu", "tanh")]
    public string Activation { get; init; } = "relu";
}
