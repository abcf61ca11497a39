using StochasticMutatorTuner;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A small conditional space for the loop benchmark: 11 parameters (a per-layer list of up to 3, a dropout rate under
/// a gate, a momentum only for SGD), 16,128 distinct configs. <c>benchmarks/optuna_loop.py</c> declares the same space.
/// </summary>
public partial class SmallMlpConfig
{
    [Param(16, 32, 64, 128, Ordered = true)] public int BatchSize { get; set; }
    [Param(1, 2, 3, Ordered = true)] public int Layers { get; set; }
    [Param(16, 32, Ordered = true), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];
    [Param("relu", "tanh", "elu")] public string Activation { get; set; } = "relu";
    [Param] public bool Dropout { get; set; }
    [Param(0.1, 0.2, 0.3, Ordered = true), ActiveWhen(nameof(Dropout))] public double DropoutRate { get; set; }
    [Param] public LoopOptimizer Optimizer { get; set; }
    [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), LoopOptimizer.Sgd)] public double Momentum { get; set; }
    [Param(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, Ordered = true)] public double LearningRate { get; set; }

    /// <summary>A cheap deterministic loss (what the loop benchmark's objective returns; same formula in the Optuna script).</summary>
    public double Loss()
    {
        double loss = Math.Abs(Math.Log2(BatchSize) - 5) * 0.1 + Math.Abs(Layers - 2) * 0.2 + Math.Abs(Math.Log10(LearningRate) + 3) * 0.3;
        for (int i = 0; i < Units.Length; i++)
        {
            loss += Units[i] == 32 ? 0 : 0.05;
        }

        loss += Activation == "elu" ? 0 : 0.1;
        loss += Dropout ? Math.Abs(DropoutRate - 0.2) : 0.15;
        loss += Optimizer == LoopOptimizer.Sgd ? (Momentum > 0 ? 0.05 : 0.2) : 0.1;
        return loss;
    }
}
