namespace StochasticMutatorTuner.Benchmarks;

/// <summary>One timed block of trainings: the whole block's wall and CPU seconds and each training.</summary>
internal sealed record Block(string Name, double Seconds, double CpuSeconds, IReadOnlyList<TrainedTrial> Trials);
