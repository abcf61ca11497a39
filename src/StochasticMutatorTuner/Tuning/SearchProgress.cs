using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>A snapshot of a running search, after a trial finished.</summary>
/// <param name="LastTrial">The trial that just finished.</param>
/// <param name="Best">The best trial so far.</param>
/// <param name="TrialsInStudy">Trials in the study (any state).</param>
/// <param name="TrialsDone">Complete and pruned trials in the study: those that used up <paramref name="MaxTrials"/> (failed ones do not).</param>
/// <param name="TrialsThisRun">Trials this search finished.</param>
/// <param name="MaxTrials">The study's trial budget, if any.</param>
/// <param name="Elapsed">Time since this search started.</param>
/// <param name="Changes">The active parameters of <paramref name="LastTrial"/> that differ from the best before it.</param>
public sealed record SearchProgress(
    TrialRecord LastTrial,
    TrialRecord? Best,
    int TrialsInStudy,
    int TrialsDone,
    int TrialsThisRun,
    int? MaxTrials,
    TimeSpan Elapsed,
    IReadOnlyList<ParameterChange> Changes)
{
    /// <summary>For a run that resumed a paused trial (pause and promote), the step it resumed from; null for a trial's first run.</summary>
    public int? ResumedFromStep { get; init; }

    /// <summary>An estimate of the time left to reach <see cref="MaxTrials"/> at this run's pace, if bounded.</summary>
    public TimeSpan? EstimatedRemaining =>
        MaxTrials is { } max && TrialsThisRun > 0 ? Elapsed / TrialsThisRun * Math.Max(0, max - TrialsDone) : null;
}

/// <summary>A parameter whose value differs between two configs.</summary>
/// <param name="Name">The parameter.</param>
/// <param name="Before">Its value in the reference config, or null when it was inactive there.</param>
/// <param name="After">Its value now, or null when it is inactive now.</param>
public sealed record ParameterChange(string Name, object? Before, object? After)
{
    /// <summary>Lists the parameters whose values differ between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static IReadOnlyList<ParameterChange> Between(IReadOnlyDictionary<string, object>? before, IReadOnlyDictionary<string, object> after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<ParameterChange>();
        foreach (var (name, value) in after)
        {
            object? old = null;
            if (before is null || !before.TryGetValue(name, out old) || !Space.ParamValues.AreEqual(old, value))
            {
                changes.Add(new ParameterChange(name, old, value));
            }
        }

        if (before is not null)
        {
            foreach (var (name, value) in before)
            {
                if (!after.ContainsKey(name))
                {
                    changes.Add(new ParameterChange(name, value, null));
                }
            }
        }

        return changes;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {(Before is null ? "(inactive)" : Space.ParamValues.Format(Before))} -> {(After is null ? "(inactive)" : Space.ParamValues.Format(After))}";
}
