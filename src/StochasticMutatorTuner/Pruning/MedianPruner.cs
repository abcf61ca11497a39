using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Pruning;

/// <summary>
/// The median stopping rule: a trial stops when its best value so far is worse than the median of the values every
/// other trial reported at the same step.
/// </summary>
/// <remarks>
/// <para>Nothing is pruned until <see cref="StartupTrials"/> trials of the study are complete, at steps up to
/// <see cref="WarmupSteps"/>, or while fewer than <see cref="MinTrialsAtStep"/> other trials have a value at the
/// step. A trial whose best value so far is at least as good as the study's best trial's value at the same step is
/// never pruned (<see cref="PruningContext.KeepsUpWithBest"/>), and the engine never asks at a trial's last step.</para>
/// <para>The reference is every other trial with a finite value at the step — running, complete, pruned or failed,
/// of any worker. Optuna's median pruner compares with complete trials only; once most trials are pruned those are
/// the survivors of earlier prunings, a sample of the best, so the median there drifts toward the top and prunes
/// ever more. Every trial that reached the step is the population the rule is about.</para>
/// </remarks>
public sealed class MedianPruner : IPruner
{
    private readonly int _startupTrials = 5;
    private readonly int _warmupSteps;
    private readonly int _minTrialsAtStep = 5;

    /// <summary>Complete trials the study needs before anything is pruned. Default 5.</summary>
    public int StartupTrials
    {
        get => _startupTrials;
        init => _startupTrials = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(StartupTrials), value, "StartupTrials cannot be negative.");
    }

    /// <summary>Steps at or below this are never pruned (early epochs rank configs poorly). Default 0.</summary>
    public int WarmupSteps
    {
        get => _warmupSteps;
        init => _warmupSteps = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(WarmupSteps), value, "WarmupSteps cannot be negative.");
    }

    /// <summary>Other trials with a value at the step needed before the median there decides anything (at least 1). Default 5.</summary>
    public int MinTrialsAtStep
    {
        get => _minTrialsAtStep;
        init => _minTrialsAtStep = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinTrialsAtStep), value, "MinTrialsAtStep must be at least 1.");
    }

    /// <inheritdoc />
    public bool ShouldPrune(PruningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Step <= WarmupSteps || context.CompleteCount() < StartupTrials)
        {
            return false;
        }

        var others = new List<double>();
        foreach (var t in context.Trials)
        {
            if (t.Number != context.Trial.Number && PruningContext.ValueAt(t, context.Step) is { } v)
            {
                others.Add(v);
            }
        }

        if (others.Count < MinTrialsAtStep)
        {
            return false;
        }

        double best = BestSoFar(context.Trial, context.Direction);
        if (!double.IsFinite(best) || context.KeepsUpWithBest(best))
        {
            return false;
        }

        others.Sort();
        int n = others.Count;
        double median = n % 2 == 1 ? others[n / 2] : (others[n / 2 - 1] + others[n / 2]) / 2;
        return context.Direction.IsBetter(median, best);
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
