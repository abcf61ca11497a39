namespace StochasticMutatorTuner.Benchmarks;

/// <summary>Every run's trace: [problem][strategy][run].</summary>
public sealed record QualityResults(IReadOnlyList<IBenchmarkProblem> Problems, IReadOnlyList<StrategyFactory> Strategies, int Runs, int Budget, RunTrace[][][] Traces, int FirstRun = 1)
{
    /// <summary>The budget a problem is reported to: <see cref="Budget"/>, or less for a space with fewer configs.</summary>
    public int BudgetOf(int problem) => Math.Min(Budget, Problems[problem].ConfigCount);
}
