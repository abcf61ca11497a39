namespace StochasticMutatorTuner.Trials;

/// <summary>A value reported during a trial, e.g. the validation loss after an epoch.</summary>
/// <param name="Step">The step (epoch) it belongs to.</param>
/// <param name="Value">The value.</param>
public readonly record struct IntermediateValue(int Step, double Value);
