using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>
/// Tunes a generated config type. Either pass an objective to <see cref="SearchAsync(Func{TConfig, TrialContext{TConfig}, Task{double?}}, CancellationToken)"/>,
/// or, in the original tuner's style, subclass it, override <see cref="TunerBase{TTrial}.RunTrialAsync"/> (or <see cref="TunerBase{TTrial}.RunTrial"/>)
/// and call <see cref="TunerBase{TTrial}.ScoreTrial"/>, then call <see cref="SearchAsync(object?[])"/> with the arguments your
/// run-trial method needs.
/// </summary>
/// <typeparam name="TConfig">A <c>partial</c> class or record with <see cref="ParamAttribute">[Param]</see> properties.</typeparam>
/// <example>
/// <code>
/// var tuner = new Tuner&lt;MlpConfig&gt;(new TunerOptions { MaxTrials = 50, Direction = Direction.Maximize });
/// var result = await tuner.SearchAsync(async (config, trial) =&gt; await TrainAsync(config, trial));
/// Console.WriteLine(result.BestConfig);
/// </code>
/// </example>
public class Tuner<TConfig> : TunerBase<TrialContext<TConfig>>
    where TConfig : ITunable<TConfig>
{
    /// <summary>Creates a tuner.</summary>
    /// <param name="options">How to search; defaults when null.</param>
    public Tuner(TunerOptions? options = null)
        : base(options)
    {
    }

    /// <inheritdoc />
    protected override string DefaultStudyName => typeof(TConfig).Name;

    /// <summary>Searches with an asynchronous objective returning the score (null, NaN or ∞: discard the config).</summary>
    public Task<SearchResult<TConfig>> SearchAsync(Func<TConfig, TrialContext<TConfig>, Task<double?>> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return TypedAsync(RunAsync(trial => objective(trial.Config, trial), cancellationToken));
    }

    /// <summary>Searches with a synchronous objective returning the score (null, NaN or ∞: discard the config).</summary>
    public Task<SearchResult<TConfig>> SearchAsync(Func<TConfig, TrialContext<TConfig>, double?> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return TypedAsync(RunAsync(trial => Task.FromResult(objective(trial.Config, trial)), cancellationToken));
    }

    /// <summary>The original's <c>search(*args)</c>: runs <see cref="TunerBase{TTrial}.RunTrialAsync"/> for every trial with these arguments.</summary>
    public Task<SearchResult<TConfig>> SearchAsync(params object?[] args) => SearchAsync(args, CancellationToken.None);

    /// <summary>The original's <c>search(*args)</c> with cancellation.</summary>
    public Task<SearchResult<TConfig>> SearchAsync(IReadOnlyList<object?> args, CancellationToken cancellationToken) =>
        TypedAsync(RunOriginalStyleAsync(args, cancellationToken));

    /// <summary>Evaluates <paramref name="config"/> once with <paramref name="objective"/>, or returns the study's earlier trial of the same config.</summary>
    public Task<TrialRecord> ProbeAsync(TConfig config, Func<TConfig, TrialContext<TConfig>, Task<double?>> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(objective);
        var genome = config.ToGenome();
        return WithEngineAsync(async engine =>
        {
            var candidate = await engine.ResolveAsync(genome, cancellationToken).ConfigureAwait(false);
            return await engine.EvaluateAsync(candidate, run =>
            {
                var trial = Wrap(run);
                return objective(trial.Config, trial);
            }, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Evaluates <paramref name="config"/> once with <see cref="TunerBase{TTrial}.RunTrialAsync"/>, or returns the earlier trial of the same config.</summary>
    public Task<TrialRecord> ProbeAsync(TConfig config, params object?[] args)
    {
        var arguments = args ?? Array.Empty<object?>();
        return ProbeAsync(config, async (_, trial) =>
        {
            await RunTrialAsync(trial, arguments).ConfigureAwait(false);
            return null;
        });
    }

    /// <summary>Schedules <paramref name="config"/> to be evaluated first in the next search (skipped if the study already has it).</summary>
    public void Enqueue(TConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        EnqueueGenome(config.ToGenome());
    }

    /// <summary>The best config of the stored study, or null when it has no scored trial.</summary>
    public async Task<TConfig?> GetBestConfigAsync(CancellationToken cancellationToken = default)
    {
        var study = await OpenStudyAsync(cancellationToken).ConfigureAwait(false);
        return study.BestTrial is { } best ? SearchResult<TConfig>.Decode(best) : default;
    }

    /// <inheritdoc />
    private protected override ISpaceResolver CreateResolver() => new ConditionalSpaceResolver(TConfig.Space);

    /// <inheritdoc />
    private protected override TrialContext<TConfig> CreateTrial(RunningTrial run) => Wrap(run);

    private static async Task<SearchResult<TConfig>> TypedAsync(Task<SearchResult> search) => new(await search.ConfigureAwait(false));

    private static TrialContext<TConfig> Wrap(RunningTrial run) => new(run, TConfig.FromGenome(run.Candidate.Genome));
}
