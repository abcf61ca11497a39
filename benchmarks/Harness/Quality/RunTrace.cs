namespace StochasticMutatorTuner.Benchmarks;

/// <summary>One search of one problem: after every trial, the incumbent's true regret and the compute spent so far.</summary>
/// <param name="Regret">Regret of the incumbent (the best config by observed score) after trial 1, 2, …; NaN before any score.</param>
/// <param name="Steps">Epochs trained up to and including each trial.</param>
public sealed record RunTrace(float[] Regret, int[] Steps);
