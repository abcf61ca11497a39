namespace StochasticMutatorTuner.Benchmarks;

/// <summary>Every run of the pruning benchmark.</summary>
/// <param name="Problems">The replayed tables.</param>
/// <param name="Strategy">The search strategy every run used.</param>
/// <param name="Pruners">The pruners compared (the first is the baseline, normally <c>none</c>).</param>
/// <param name="Runs">Runs per cell.</param>
/// <param name="MaxBudget">Full trainings of compute each run had.</param>
/// <param name="CountBudget">Full trainings within which trials were counted.</param>
/// <param name="Cells">The runs, [problem][pruner][run].</param>
/// <param name="FirstRun">The first run's seed.</param>
public sealed record PruningResults(IReadOnlyList<CurveReplay> Problems, StrategyFactory Strategy, IReadOnlyList<PrunerFactory> Pruners, int Runs, int MaxBudget, int CountBudget, PruningRun[][][] Cells, int FirstRun);
