namespace StochasticMutatorTuner.Tuning;

/// <summary>A <see cref="TrialContext"/> that also carries the typed config being evaluated.</summary>
/// <typeparam name="TConfig">The config type.</typeparam>
public sealed class TrialContext<TConfig> : TrialContext
{
    internal TrialContext(RunningTrial run, TConfig config)
        : base(run) => Config = config;

    /// <summary>The config being evaluated.</summary>
    public TConfig Config { get; }
}
