namespace StochasticMutatorTuner.Tuning;

/// <summary>
/// What the typed and the define-by-run tuners share beyond <see cref="TunerBase"/>: running an objective over
/// <typeparamref name="TTrial"/> contexts, and the original tuner's subclass style (<see cref="RunTrialAsync"/> or
/// <see cref="RunTrial"/>, <see cref="ScoreTrial"/>, a search with arguments).
/// </summary>
/// <typeparam name="TTrial">What an objective gets for each trial.</typeparam>
public abstract class TunerBase<TTrial> : TunerBase
    where TTrial : TrialContext
{
    private protected TunerBase(TunerOptions? options)
        : base(options)
    {
    }

    /// <summary>
    /// The original's <c>run_trial</c>: evaluate <paramref name="trial"/> and call <see cref="ScoreTrial"/>. The default
    /// calls <see cref="RunTrial"/>.
    /// </summary>
    /// <param name="trial">The trial.</param>
    /// <param name="args">The arguments given to the search.</param>
    protected virtual Task RunTrialAsync(TTrial trial, IReadOnlyList<object?> args)
    {
        RunTrial(trial, args);
        return Task.CompletedTask;
    }

    /// <summary>The synchronous form of <see cref="RunTrialAsync"/>; override one of the two.</summary>
    protected virtual void RunTrial(TTrial trial, IReadOnlyList<object?> args) =>
        throw new NotSupportedException($"{GetType().Name} must override {nameof(RunTrial)} or {nameof(RunTrialAsync)}, or the search must be given an objective.");

    /// <summary>The original's <c>score_trial</c>: sets the trial's score (null, NaN or ∞: discard the config, never retry it).</summary>
    protected static void ScoreTrial(TrialContext trial, double? score)
    {
        ArgumentNullException.ThrowIfNull(trial);
        trial.Run.SetScore(score);
    }

    /// <summary>The context an objective gets for a running trial.</summary>
    private protected abstract TTrial CreateTrial(RunningTrial run);

    /// <summary>Searches with <paramref name="evaluate"/> as the objective.</summary>
    private protected Task<SearchResult> RunAsync(Func<TTrial, Task<double?>> evaluate, CancellationToken cancellationToken) =>
        WithEngineAsync(engine => engine.RunAsync(run => evaluate(CreateTrial(run)), cancellationToken), cancellationToken);

    /// <summary>The original's <c>search(*args)</c>: runs <see cref="RunTrialAsync"/> for every trial with <paramref name="args"/>.</summary>
    private protected Task<SearchResult> RunOriginalStyleAsync(IReadOnlyList<object?>? args, CancellationToken cancellationToken)
    {
        var arguments = args ?? Array.Empty<object?>();
        return RunAsync(async trial =>
        {
            await RunTrialAsync(trial, arguments).ConfigureAwait(false);
            return null; // the score comes from ScoreTrial
        }, cancellationToken);
    }
}
