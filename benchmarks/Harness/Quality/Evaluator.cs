using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>Evaluates a config in a simulated study.</summary>
/// <param name="config">The config.</param>
/// <param name="evaluation">How many evaluations the run made before this one (the trial number when nothing is repeated).</param>
/// <param name="repeat">0 for a config's first evaluation, 1 for its second, …</param>
public delegate Evaluation Evaluator(Candidate config, int evaluation, int repeat);
