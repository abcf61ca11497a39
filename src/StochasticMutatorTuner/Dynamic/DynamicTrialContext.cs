using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Dynamic;

/// <summary>A trial of a define-by-run search: <see cref="TrialContext"/> plus the trial's <see cref="HyperParameters"/>.</summary>
public sealed class DynamicTrialContext : TrialContext
{
    internal DynamicTrialContext(RunningTrial run, HyperParameters hyperParameters)
        : base(run) => HyperParameters = hyperParameters;

    /// <summary>
    /// The trial's values. The build function has already read them once for this trial; read train-time values
    /// with <see cref="HyperParameters.Get{T}"/>.
    /// </summary>
    public HyperParameters HyperParameters { get; }
}
