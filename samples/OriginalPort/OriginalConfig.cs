using StochasticMutatorTuner;

namespace OriginalPort;

/// <summary>
/// The original README's search space, as a typed config. The original declared it define-by-run inside
/// build_model: hp.Param('batch_size', [32, 64, 128, 256], ordered=True), a loop over
/// hp.Param('num_layers', [1, 2, 3, 4], ordered=True) declaring hp.Param('kernel_size_' + str(x), [50, 100, 200],
/// ordered=True), the activation among six choices, and a dropout gate with an ordered rate.
/// </summary>
public partial class OriginalConfig
{
    [Param(32, 64, 128, 256, Ordered = true, Name = "batch_size")]
    public int BatchSize { get; set; }

    [Param(1, 2, 3, 4, Ordered = true, Name = "num_layers")]
    public int NumLayers { get; set; }

    [Param(50, 100, 200, Ordered = true, Name = "kernel_size"), PerLayer(nameof(NumLayers))]
    public int[] KernelSize { get; set; } = [];

    [Param("tanh", "softsign", "selu", "relu", "elu", "softplus", Name = "activation")]
    public string Activation { get; set; } = "relu";

    [Param(true, false, Name = "dropout")]
    public bool Dropout { get; set; }

    [Param(0.1, 0.2, 0.3, 0.4, 0.5, Ordered = true, Name = "dropout_val"), ActiveWhen(nameof(Dropout))]
    public double DropoutVal { get; set; }
}
