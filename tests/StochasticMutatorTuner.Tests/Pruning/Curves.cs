using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Pruning;

/// <summary>Trials with given learning curves, and the context a pruner sees for one of them.</summary>
internal static class Curves
{
    /// <summary>A trial whose values are reported at steps 1, 2, … (or at <paramref name="steps"/> when given).</summary>
    public static TrialRecord Trial(int number, TrialState state, double[] values, int[]? steps = null) => new()
    {
        Number = number,
        Key = new ConfigKey((ulong)number + 1),
        Genome = Array.Empty<int>(),
        Params = new Dictionary<string, object>(),
        State = state,
        Score = state == TrialState.Complete ? values[^1] : null,
        StartedAt = DateTimeOffset.UnixEpoch,
        IntermediateValues = values.Select((v, i) => new IntermediateValue(steps?[i] ?? i + 1, v)).ToArray(),
    };

    public static TrialRecord Trial(int number, TrialState state, params double[] values) => Trial(number, state, values, null);

    /// <summary>A trial paused at its last value's step (reported at steps 1, 2, …): for a stopping pruner, a pruned trial; for a promotion, a paused one.</summary>
    public static TrialRecord Pruned(int number, params double[] values) => Trial(number, TrialState.Pruned, values) with { PrunedStep = values.Length, Paused = true };

    /// <summary>What a pruner sees when <paramref name="running"/> has just reported its last value.</summary>
    public static PruningContext Context(TrialRecord running, IEnumerable<TrialRecord> others, Direction direction = Direction.Minimize, TrialRecord? best = null, int? maxStep = null) =>
        new(running, running.IntermediateValues[^1].Step, running.IntermediateValues[^1].Value, others.Append(running).ToList(), direction)
        {
            BestTrial = best,
            MaxStep = maxStep,
        };
}
