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

/// <summary>The space of the multi-process tests: 6 · 6 · 4 · (1 + 5) · 8 = 6,912 distinct configs; minimum 0.</summary>
public partial class WorkerConfig
{
    [Param(1, 2, 3, 4, 5, 6, Ordered = true)]
    public int A { get; set; }

    [Param(1, 2, 3, 4, 5, 6, Ordered = true)]
    public int B { get; set; }

    [Param("relu", "tanh", "elu", "selu")]
    public string Act { get; set; } = "relu";

    [Param]
    public bool Gate { get; set; }

    [Param(0.1, 0.2, 0.3, 0.4, 0.5, Ordered = true), ActiveWhen(nameof(Gate))]
    public double Rate { get; set; }

    [Param(1, 2, 3, 4, 5, 6, 7, 8, Ordered = true)]
    public int C { get; set; }

    public double Loss() => WorkerLoss.Of(A, B, Act, Gate, Rate, C);
}

/// <summary><see cref="WorkerConfig"/> of a newer version: <see cref="Act"/> gained "gelu", which is the best activation.</summary>
public partial class WorkerConfigWide
{
    [Param(1, 2, 3, 4, 5, 6, Ordered = true)]
    public int A { get; set; }

    [Param(1, 2, 3, 4, 5, 6, Ordered = true)]
    public int B { get; set; }

    [Param("relu", "tanh", "elu", "selu", "gelu")]
    public string Act { get; set; } = "relu";

    [Param]
    public bool Gate { get; set; }

    [Param(0.1, 0.2, 0.3, 0.4, 0.5, Ordered = true), ActiveWhen(nameof(Gate))]
    public double Rate { get; set; }

    [Param(1, 2, 3, 4, 5, 6, 7, 8, Ordered = true)]
    public int C { get; set; }

    public double Loss() => WorkerLoss.Of(A, B, Act, Gate, Rate, C);
}

public static class WorkerLoss
{
    public static double Of(int a, int b, string act, bool gate, double rate, int c) =>
        Math.Abs(a - 4) + Math.Abs(b - 2) + act switch { "gelu" => -0.5, "elu" => 0, _ => 0.5 } + (gate ? rate : 0.3) + (Math.Abs(c - 5) * 0.25);
}
