using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Dynamic;

/// <summary>
/// Tunes a space declared by a build function (define-by-run, the original tuner's style), for spaces known only
/// at run time. The build function is called to plan each trial (which parameters it reads decides the config's
/// key, so it must be cheap and deterministic given the values) and again to build the trial's model.
/// </summary>
/// <typeparam name="TModel">What the build function returns (a model, or anything; disposed after planning when <see cref="IDisposable"/>).</typeparam>
/// <example>
/// <code>
/// var tuner = new DynamicTuner&lt;Sequential&gt;(BuildModel, new TunerOptions { MaxTrials = 40 });
/// var result = await tuner.SearchAsync((model, trial) =&gt; Train(model, trial.HyperParameters.Get&lt;int&gt;("batch_size")));
/// </code>
/// </example>
public class DynamicTuner<TModel> : TunerBase<DynamicTrialContext>
{
    private readonly Func<HyperParameters, TModel> _build;

    /// <summary>Creates a tuner over the parameters <paramref name="build"/> declares.</summary>
    public DynamicTuner(Func<HyperParameters, TModel> build, TunerOptions? options = null)
        : base(options)
    {
        _build = build ?? throw new ArgumentNullException(nameof(build));
    }

    /// <inheritdoc />
    protected override string DefaultStudyName => "default";

    /// <summary>Searches: each trial builds its model and passes it to <paramref name="objective"/>, which returns the score.</summary>
    public Task<SearchResult> SearchAsync(Func<TModel, DynamicTrialContext, Task<double?>> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return RunAsync(async trial =>
        {
            var model = BuildModel(trial);
            try
            {
                return await objective(model, trial).ConfigureAwait(false);
            }
            finally
            {
                (model as IDisposable)?.Dispose();
            }
        }, cancellationToken);
    }

    /// <summary>Searches with a synchronous objective.</summary>
    public Task<SearchResult> SearchAsync(Func<TModel, DynamicTrialContext, double?> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return SearchAsync((model, trial) => Task.FromResult(objective(model, trial)), cancellationToken);
    }

    /// <summary>The original's <c>search(*args)</c>: runs <see cref="TunerBase{TTrial}.RunTrialAsync"/> for every trial with these arguments.</summary>
    public Task<SearchResult> SearchAsync(params object?[] args) => SearchAsync(args, CancellationToken.None);

    /// <summary>The original's <c>search(*args)</c> with cancellation.</summary>
    public Task<SearchResult> SearchAsync(IReadOnlyList<object?> args, CancellationToken cancellationToken) => RunOriginalStyleAsync(args, cancellationToken);

    /// <summary>The original's <c>self.hypermodel.build(hp)</c>: builds the model of <paramref name="trial"/>.</summary>
    protected TModel BuildModel(DynamicTrialContext trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return _build(trial.HyperParameters);
    }

    /// <inheritdoc />
    private protected override ISpaceResolver CreateResolver() => new DefineByRunResolver(hp =>
    {
        var planned = _build(hp);
        (planned as IDisposable)?.Dispose();
    });

    /// <inheritdoc />
    private protected override DynamicTrialContext CreateTrial(RunningTrial run) =>
        new(run, new HyperParameters(new TrialSource(run.Study.Space, run.Candidate)));
}
