namespace StochasticMutatorTuner.Trials;

/// <summary>Where a trial is in its lifecycle: <see cref="Running"/>, then one of the three final states.</summary>
public enum TrialState
{
    /// <summary>Reserved by a worker and being evaluated.</summary>
    Running,

    /// <summary>Evaluated. A complete trial without a finite score is <em>discarded</em>: never best, never retried.</summary>
    Complete,

    /// <summary>The objective threw, was cancelled, or its worker died. Never best, never retried.</summary>
    Failed,

    /// <summary>Stopped early by a pruner. Never best, never retried.</summary>
    Pruned,
}
