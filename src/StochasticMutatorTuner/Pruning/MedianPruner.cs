using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Pruning;

/// <summary>
/// The median stopping rule: a trial stops when its best value so far is worse than the median of the values every
/// other trial reported at the same step.
/// </summary>
/// <remarks>
/// <para>Nothing is pruned until <see cref="StartupTrials"/> trials of the study are complete, at steps up to
/// <see cref="WarmupSteps"/> or the first quarter of the training (<see cref="WarmupFraction"/>), or while fewer than <see cref="MinTrialsAtStep"/> other trials have a value at the
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
    private readonly double _warmupFraction = 0.25;
    private readonly int _minTrialsAtStep = 5;

    /// <summary>Complete trials the study needs before anything is pruned. Default 5.</summary>
    public int StartupTrials
    {
        get => _startupTrials;
        init => _startupTrials = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(StartupTrials), value, "StartupTrials cannot be negative.");
    }

    /// <summary>Steps at or below this are never pruned (early epochs rank configs poorly). Default 0: see <see cref="WarmupFraction"/>.</summary>
    public int WarmupSteps
    {
        get => _warmupSteps;
        init => _warmupSteps = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(WarmupSteps), value, "WarmupSteps cannot be negative.");
    }

    /// <summary>
    /// The warm-up as a share of the trial's last step (<see cref="PruningContext.MaxStep"/>): steps at or below
    /// ⌊<c>WarmupFraction</c> · MaxStep⌋ are never pruned either (the larger of the two warm-ups applies). Default 0.25:
    /// on the pruning benchmark (docs/benchmarks.md) a trial judged at its first epochs of a 20-epoch training lost the
    /// best configs, which start slowly, while on 6-epoch curves judging from epoch 2 on kept most of the savings.
    /// In [0, 1).
    /// </summary>
    public double WarmupFraction
    {
        get => _warmupFraction;
        init => _warmupFraction = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(WarmupFraction), value, "WarmupFraction must be at least 0 and below 1.");
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
        if (context.Step <= Warmup(context) || context.CompleteCount() < StartupTrials)
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

        return context.Direction.IsBetter(Median(others), best);
    }

    /// <summary>The last step of the warm-up for this trial: the larger of <see cref="WarmupSteps"/> and the <see cref="WarmupFraction"/> of its last step.</summary>
    private int Warmup(PruningContext context) => Math.Max(WarmupSteps, context.MaxStep is { } max ? (int)Math.Floor(WarmupFraction * max) : 0);

    /// <summary>
    /// The median of <paramref name="values"/> (reordered), by selection in linear expected time: the engine asks after
    /// every report, against every trial of the study, so sorting them each time would cost n log n per report.
    /// </summary>
    internal static double Median(List<double> values)
    {
        int n = values.Count;
        double upper = Select(values, n / 2);
        if (n % 2 == 1)
        {
            return upper;
        }

        double lower = double.NegativeInfinity; // the largest value below position n / 2, all of which Select left before it
        for (int i = 0; i < n / 2; i++)
        {
            lower = Math.Max(lower, values[i]);
        }

        return (lower + upper) / 2;
    }

    /// <summary>Hoare's selection: reorders <paramref name="values"/> so position <paramref name="k"/> holds the k-th smallest, the smaller ones before it.</summary>
    private static double Select(List<double> values, int k)
    {
        int left = 0, right = values.Count - 1;
        while (left < right)
        {
            double pivot = values[left + ((right - left) / 2)];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                break; // j < k < i: values[k] equals the pivot
            }
        }

        return values[k];
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
