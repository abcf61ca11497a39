using StochasticMutatorTuner;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A synthetic space with ordinal, categorical, conditional and per-layer parameters and a known optimum of 0
/// (see <see cref="TrueLoss"/>).
/// </summary>
public partial class SyntheticConfig
{
    [Param(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, Ordered = true)] public int A { get; set; }
    [Param(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, Ordered = true)] public int B { get; set; }
    [Param(0.001, 0.003, 0.01, 0.03, 0.1, 0.3, Ordered = true)] public double Rate { get; set; }
    [Param] public Shape Shape { get; set; }
    [Param("x", "y", "z", "w")] public string Mode { get; set; } = "x";
    [Param] public bool Gate { get; set; }
    [Param(0, 1, 2, 3, 4, 5, 6, 7, Ordered = true), ActiveWhen(nameof(Gate))] public int Inner { get; set; }
    [Param(1, 2, 3, Ordered = true)] public int Layers { get; set; }
    [Param(16, 32, 64, 128, 256, 512, Ordered = true), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];

    /// <summary>
    /// The noiseless loss: smooth bowls over the ordinal parameters (optimum A = 7, B = 2, Rate = 0.01), a lookup
    /// over the categorical ones (Star, z), a gate whose nested parameter only pays off at Inner = 5 (off costs
    /// 0.6), and per-layer units best at 64 · layer for 2 layers. Minimum 0.
    /// </summary>
    public double TrueLoss()
    {
        double loss = 0.04 * (A - 7) * (A - 7) + 0.05 * (B - 2) * (B - 2);
        loss += 0.3 * Math.Pow(Math.Log10(Rate) + 2, 2);
        loss += Shape switch { Shape.Star => 0, Shape.Hexagon => 0.2, Shape.Circle => 0.4, _ => 0.7 };
        loss += Mode switch { "z" => 0, "y" => 0.3, _ => 0.5 };
        loss += Gate ? 0.05 * (Inner - 5) * (Inner - 5) : 0.6;
        loss += 0.4 * Math.Abs(Layers - 2);
        for (int i = 0; i < Units.Length; i++)
        {
            loss += 0.1 * Math.Abs(Math.Log2(Units[i]) - Math.Log2(64 << i));
        }

        return loss;
    }
}
