namespace StochasticMutatorTuner.Reporting;

/// <summary>A parameter's importance with a bootstrap interval around it.</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Importance">Its share of the total, as <see cref="StudyAnalysis.Importance"/> gives it.</param>
/// <param name="Low">The 5th percentile of the share over bootstrap resamples of the scored trials.</param>
/// <param name="High">The 95th percentile of the share over those resamples.</param>
/// <param name="ExplainedVariance">ε² on the study's own trials (see <see cref="ParameterImportance.ExplainedVariance"/>).</param>
/// <param name="Trials">The scored trials in which the parameter was active.</param>
public sealed record ImportanceEstimate(string Parameter, double Importance, double Low, double High, double ExplainedVariance, int Trials)
{
    /// <summary>True when the parameter was active in too few scored trials to be judged at all (its importance is 0 by rule).</summary>
    public bool TooFewTrials => Trials < StudyAnalysis.MinimumTrialsForImportance;
}

/// <summary>Parameter importance with its uncertainty, and a message when it cannot be judged.</summary>
/// <param name="Parameters">Every parameter, most important first.</param>
/// <param name="ScoredTrials">The complete trials with a finite score: all the evidence there is.</param>
/// <param name="Resamples">How many bootstrap resamples the intervals come from.</param>
/// <param name="Message">Why the importances say nothing (too few complete trials, or no parameter explains the score beyond chance); null when they do.</param>
public sealed record ImportanceReport(IReadOnlyList<ImportanceEstimate> Parameters, int ScoredTrials, int Resamples, string? Message);
