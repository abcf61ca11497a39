namespace StochasticMutatorTuner.Trials;

/// <summary>The one spelling of trial states and failure kinds as text (storage columns, exports, the CLI).</summary>
public static class TrialStateText
{
    /// <summary>"running", "complete", "failed" or "pruned".</summary>
    public static string ToText(this TrialState state) => state switch
    {
        TrialState.Running => "running",
        TrialState.Complete => "complete",
        TrialState.Failed => "failed",
        _ => "pruned",
    };

    /// <summary>The state spelled <paramref name="text"/> (as <see cref="ToText(TrialState)"/> writes it), or null.</summary>
    public static TrialState? ParseState(string text) => text switch
    {
        "running" => TrialState.Running,
        "complete" => TrialState.Complete,
        "failed" => TrialState.Failed,
        "pruned" => TrialState.Pruned,
        _ => null,
    };

    /// <summary>"error", "cancelled", "timed_out" or "stale".</summary>
    public static string ToText(this TrialFailureKind kind) => kind switch
    {
        TrialFailureKind.Cancelled => "cancelled",
        TrialFailureKind.TimedOut => "timed_out",
        TrialFailureKind.Stale => "stale",
        _ => "error",
    };

    /// <summary>The failure kind spelled <paramref name="text"/>; unknown text reads as <see cref="TrialFailureKind.Error"/>.</summary>
    public static TrialFailureKind ParseFailureKind(string text) => text switch
    {
        "cancelled" => TrialFailureKind.Cancelled,
        "timed_out" => TrialFailureKind.TimedOut,
        "stale" => TrialFailureKind.Stale,
        _ => TrialFailureKind.Error,
    };
}
