using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Benchmarks.Tests;

/// <summary>Finished trials with given curves, for the pruning replay's variant tests.</summary>
internal static class ReplayTrials
{
    /// <summary>A trial with values at steps 1, 2, …; pruned ones stop at their last value.</summary>
    public static TrialRecord Trial(int number, TrialState state, params double[] values) => new()
    {
        Number = number,
        Key = new ConfigKey((ulong)number + 1),
        Genome = new[] { number },
        Params = new Dictionary<string, object>(),
        State = state,
        Score = state == TrialState.Complete ? values[^1] : null,
        IntermediateValues = values.Select((v, i) => new IntermediateValue(i + 1, v)).ToArray(),
        PrunedStep = state == TrialState.Pruned ? values.Length : null,
        StartedAt = DateTimeOffset.UnixEpoch,
    };
}
