using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Pruning;

/// <summary>
/// The median stopping rule: after <see cref="WarmupSteps"/>, a trial stops when its best value so far is worse
/// than the median of the values that completed trials reported at the same step. Needs
/// <see cref="StartupTrials"/> completed trials with a value at that step before it prunes anything.
/// </summary>
public sealed class MedianPruner : IPruner
{
    /// <summary>Completed trials with a value at the step needed before pruning starts. Default 5.</summary>
    public int StartupTrials { get; init; } = 5;

    /// <summary>Steps at or below this are never pruned (early epochs are noisy). Default 0.</summary>
    public int WarmupSteps { get; init; }

    /// <inheritdoc />
    public bool ShouldPrune(PruningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Step <= WarmupSteps)
        {
            return false;
        }

        var others = new List<double>();
        foreach (var t in context.Trials)
        {
            if (t.State == TrialState.Complete && t.Number != context.Trial.Number && ValueAt(t, context.Step) is { } v)
            {
                others.Add(v);
            }
        }

        if (others.Count < Math.Max(1, StartupTrials))
        {
            return false;
        }

        double best = BestSoFar(context.Trial, context.Direction);
        others.Sort();
        double median = others.Count % 2 == 1 ? others[others.Count / 2] : (others[others.Count / 2 - 1] + others[others.Count / 2]) / 2;
        return context.Direction.IsBetter(median, best);
    }

    /// <summary>The finite value a trial reported at exactly <paramref name="step"/>, or null.</summary>
    internal static double? ValueAt(TrialRecord trial, int step)
    {
        foreach (var v in trial.IntermediateValues)
        {
            if (v.Step == step && double.IsFinite(v.Value))
            {
                return v.Value;
            }
        }

        return null;
    }

    private static double BestSoFar(TrialRecord trial, Direction direction)
    {
        double best = double.NaN;
        foreach (var v in trial.IntermediateValues)
        {
            if (double.IsFinite(v.Value) && (double.IsNaN(best) || direction.IsBetter(v.Value, best)))
            {
                best = v.Value;
            }
        }

        return best;
    }
}
