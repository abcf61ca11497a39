using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>The outcome of a search.</summary>
public class SearchResult
{
    /// <summary>Creates a result.</summary>
    public SearchResult(Study study, StopReason stopReason, int trialsThisRun, TimeSpan elapsed)
    {
        Study = study ?? throw new ArgumentNullException(nameof(study));
        StopReason = stopReason;
        TrialsThisRun = trialsThisRun;
        Elapsed = elapsed;
        Trials = study.Trials;
        BestTrial = study.BestTrial;
        TotalSteps = study.TotalSteps;
    }

    /// <summary>The study searched (it may hold trials of earlier runs and of other workers).</summary>
    public Study Study { get; }

    /// <summary>Why the search stopped.</summary>
    public StopReason StopReason { get; }

    /// <summary>How many trials this search ran (a trial it paused and resumed counts once; one paused by an earlier search and resumed by this one counts here too).</summary>
    public int TrialsThisRun { get; }

    /// <summary>How long this search ran.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// Every trial of the study when the search stopped, ordered by trial number (the order trials were reserved
    /// in; <c>Trials[i].Number == i</c>), earlier runs' and other workers' trials included.
    /// </summary>
    public IReadOnlyList<TrialRecord> Trials { get; }

    /// <summary>The compute the study's trials used when the search stopped, in steps (see <see cref="Study.TotalSteps"/>).</summary>
    public long TotalSteps { get; }

    /// <summary>The best complete trial with a finite score, or null when there is none.</summary>
    public TrialRecord? BestTrial { get; }

    /// <summary>The best score, or null.</summary>
    public double? BestScore => BestTrial?.Score;

    /// <inheritdoc />
    public override string ToString() =>
        $"{StopReason}: {TrialsThisRun} trials in {Elapsed.TotalSeconds:F1} s; best {(BestTrial is null ? "none" : $"#{BestTrial.Number} score {BestTrial.Score:G6}")}";
}
