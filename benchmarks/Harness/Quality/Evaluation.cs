namespace StochasticMutatorTuner.Benchmarks;

/// <summary>What one simulated trial observed.</summary>
/// <param name="Score">The score the tuner sees (null: the trial was pruned or failed).</param>
/// <param name="Steps">The compute it cost, in epochs trained (1 for problems without curves).</param>
public readonly record struct Evaluation(double? Score, int Steps);
