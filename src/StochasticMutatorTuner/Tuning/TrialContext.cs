using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>
/// What an objective gets besides its config: the trial's identity and seed, a way to report per-step values
/// (which enables pruning) and extra metrics, and the cancellation token.
/// </summary>
/// <remarks>Thread-safe: an objective may report from several threads.</remarks>
public class TrialContext
{
    internal TrialContext(RunningTrial run) => Run = run;

    internal RunningTrial Run { get; }

    /// <summary>The trial's number in its study.</summary>
    public int Number => Run.Record.Number;

    /// <summary>The config key.</summary>
    public ConfigKey Key => Run.Record.Key;

    /// <summary>The active parameters and their values.</summary>
    public IReadOnlyDictionary<string, object> Params => Run.Record.Params;

    /// <summary>A seed for this trial (stable for a given <see cref="TunerOptions.Seed"/> and trial number): seed your training with it.</summary>
    public int Seed => Run.Seed;

    /// <summary>Cancelled when the search is cancelled; check it between batches.</summary>
    public CancellationToken CancellationToken => Run.CancellationToken;

    /// <summary>The per-step values reported so far.</summary>
    public IReadOnlyList<IntermediateValue> IntermediateValues => Run.IntermediateValues;

    /// <summary>The metrics set so far.</summary>
    public IReadOnlyDictionary<string, double> Metrics => Run.Metrics;

    /// <summary>Records an extra metric (e.g. accuracy); stored with the trial.</summary>
    public void SetMetric(string name, double value) => Run.SetMetric(name, value);

    /// <summary>
    /// Reports the value after step <paramref name="step"/> (e.g. validation loss after an epoch; steps must
    /// increase). Stored at once, so a crash keeps it.
    /// </summary>
    /// <exception cref="TrialPrunedException">The pruner stopped the trial; let it propagate.</exception>
    public ValueTask ReportAsync(int step, double value) => Run.ReportAsync(step, value);

    /// <summary>Synchronous form of <see cref="ReportAsync"/>.</summary>
    /// <exception cref="TrialPrunedException">The pruner stopped the trial; let it propagate.</exception>
    public void Report(int step, double value) => Run.ReportAsync(step, value).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override string ToString() => $"trial #{Number} ({string.Join(", ", Params.Select(p => $"{p.Key}={ParamValues.Format(p.Value)}"))})";
}
