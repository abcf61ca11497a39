namespace StochasticMutatorTuner.Benchmarks;

/// <summary>One training run of one config: its seed, wall-clock time and per-epoch validation curves.</summary>
/// <param name="Seed">The training seed.</param>
/// <param name="Seconds">Wall-clock training time (two runs trained in parallel while the table was built).</param>
/// <param name="Loss">Validation loss after each epoch (cross-entropy, or mean squared error on standardized targets).</param>
/// <param name="Accuracy">Validation accuracy after each epoch (classification only).</param>
public sealed record TableRun(int Seed, double Seconds, double[] Loss, double[]? Accuracy);
