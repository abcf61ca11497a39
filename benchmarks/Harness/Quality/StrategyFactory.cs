using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>A named way to make a strategy (a fresh one per run, so no state can leak between runs).</summary>
/// <param name="Name">The name in reports.</param>
/// <param name="Create">Makes the strategy.</param>
/// <param name="IsReference">True for the reference strategies a candidate default is judged against.</param>
/// <param name="MaxEvaluations">Above 1: the study re-evaluates each incumbent up to this many times (an experiment, see <see cref="SimulatedStudy"/>).</param>
public sealed record StrategyFactory(string Name, Func<ISearchStrategy> Create, bool IsReference = true, int MaxEvaluations = 1);
