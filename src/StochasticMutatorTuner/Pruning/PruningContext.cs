using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Pruning;

/// <summary>What a pruner sees.</summary>
/// <param name="Trial">The running trial with its values so far (the newest last).</param>
/// <param name="Step">The step just reported.</param>
/// <param name="Value">The value just reported.</param>
/// <param name="Trials">A snapshot of the study's trials, every worker's (the running trial's entry may be older than <paramref name="Trial"/>).</param>
/// <param name="Direction">Whether lower or higher values are better.</param>
public sealed record PruningContext(TrialRecord Trial, int Step, double Value, IReadOnlyList<TrialRecord> Trials, Direction Direction)
{
    /// <summary>
    /// The last step this trial will report, when known: declared by the objective
    /// (<see cref="Tuning.TrialContext.MaxStep"/>; <c>Trainer.Fit</c> declares its epochs), otherwise the last step of
    /// the study's longest complete trial; null before any trial completed. The engine never asks at this step.
    /// </summary>
    public int? MaxStep { get; init; }

    /// <summary>The study's best complete trial (by <see cref="TrialOrder"/>), or null.</summary>
    public TrialRecord? BestTrial { get; init; }

    /// <summary>How many trials of the study, other than this one, are complete (trained to the end, scored or discarded).</summary>
    internal int CompleteCount()
    {
        int n = 0;
        foreach (var t in Trials)
        {
            if (t.State == TrialState.Complete && t.Number != Trial.Number)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// True when <paramref name="value"/> is at least as good as what the study's best trial reported at
    /// <see cref="Step"/>: a trial that keeps up with the curve of the best configuration so far is never pruned,
    /// even where that curve itself was slow to start. False when the best trial has no value at this step.
    /// </summary>
    public bool KeepsUpWithBest(double value) =>
        BestTrial is { } best && best.Number != Trial.Number && ValueAt(best, Step) is { } reference && !Direction.IsBetter(reference, value);

    /// <summary>The finite value <paramref name="trial"/> reported at exactly <paramref name="step"/>, or null.</summary>
    public static double? ValueAt(TrialRecord trial, int step)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var values = trial.IntermediateValues;
        for (int i = values.Count - 1; i >= 0; i--)
        {
            if (values[i].Step == step)
            {
                return double.IsFinite(values[i].Value) ? values[i].Value : null;
            }

            if (values[i].Step < step)
            {
                break; // steps increase
            }
        }

        return null;
    }
}
