using QuickStart;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>One training: its config and seed, its score and how long Trainer.Fit took.</summary>
internal sealed record TrainedTrial(MlpConfig Config, int Seed, double Score, double Seconds);
