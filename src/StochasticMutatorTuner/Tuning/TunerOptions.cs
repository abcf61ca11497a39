using Microsoft.Extensions.Logging;
using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Tuning;

/// <summary>How a search runs. Every option has a default; most searches set only a few.</summary>
public sealed class TunerOptions
{
    /// <summary>The study's name; defaults to the config type's name (typed) or <c>default</c> (define-by-run).</summary>
    public string? StudyName { get; set; }

    /// <summary>Whether lower (default) or higher scores are better.</summary>
    public Direction Direction { get; set; } = Direction.Minimize;

    /// <summary>
    /// Stop reserving new trials once the study holds this many (it counts the whole study, so a resumed search
    /// runs only the remainder). Null: no limit.
    /// </summary>
    public int? MaxTrials { get; set; }

    /// <summary>
    /// A compute budget in steps (epochs trained): stop reserving new trials once the study's trials have reported
    /// this many steps in total (<see cref="Study.TotalSteps"/>: each trial counts the last step it reported — all of
    /// them, complete, pruned, failed or still running, of every worker — since its training was done either way).
    /// Trials running when it is reached finish (a pruner may still stop them), so a search ends above the budget by
    /// at most what they still train. Steps count from 1 in units of training (<see cref="TrialContext.ReportAsync"/>);
    /// a trial that reports nothing counts 0. Null: no limit. Set it to compare searches at equal compute, with
    /// pruning and without.
    /// </summary>
    public long? MaxTotalSteps { get; set; }

    /// <summary>
    /// The whole search's time limit: after it no trial is reserved and running trials are cancelled (they fail as
    /// <see cref="Trials.TrialFailureKind.Cancelled"/>). Null: no limit.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// One trial's time limit. When it passes, the trial's <see cref="TrialContext.CancellationToken"/> is cancelled
    /// and the trial fails as <see cref="Trials.TrialFailureKind.TimedOut"/>; an objective that ignores the token is
    /// abandoned after <see cref="AbandonAfter"/> more (with a warning) and the search goes on. Null: no limit.
    /// </summary>
    public TimeSpan? TrialTimeout { get; set; }

    /// <summary>
    /// How long a cancelled trial (time limit, <see cref="Timeout"/>) may take to stop before the search stops
    /// waiting for it (default 10 s). Its objective keeps running in the background; its result is ignored.
    /// </summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop once a trial's score reaches this value (at or beyond it, by <see cref="Direction"/>).</summary>
    public double? TargetScore { get; set; }

    /// <summary>
    /// Seeds the strategy's random source: the same seed with one worker and a deterministic objective gives the
    /// same sequence of trials. Null: a random seed.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>How many trials this process runs at once (default 1). Running keys are reserved, so never twice.</summary>
    public int MaxConcurrentTrials { get; set; } = 1;

    /// <summary>Stop after this many failed trials in a row (default 10). Null: never.</summary>
    public int? MaxConsecutiveFailures { get; set; } = 10;

    /// <summary>
    /// The strategy, with its own settings (e.g. <c>new StochasticMutator { InitRandom = 25 }</c>). Null (default):
    /// the default strategy, configured by <see cref="InitRandom"/> and <see cref="RandomizeAxisFactor"/>. One
    /// strategy object may serve any number of searches: its state lives with each study, not in the object.
    /// </summary>
    public ISearchStrategy? Strategy { get; set; }

    /// <summary>
    /// Random trials before the default strategy starts mutating (pruned trials do not count); null: its default (10). A setting of the default
    /// strategy only: setting it together with <see cref="Strategy"/> is an error (give it to that strategy).
    /// </summary>
    public int? InitRandom { get; set; }

    /// <summary>
    /// The default strategy's probability of each further mutation, in [0, 1); null: its default (0.5). A setting
    /// of the default strategy only: setting it together with <see cref="Strategy"/> is an error.
    /// </summary>
    public double? RandomizeAxisFactor { get; set; }

    /// <summary>Stops hopeless trials early from their reported per-step values. Null (default): none.</summary>
    public IPruner? Pruner { get; set; }

    /// <summary>
    /// The project directory: the default storage is the SQLite file <c>tuner.smt.db</c> in it, created on first
    /// use. Default: <c>./tuner-project</c>. Ignored when <see cref="Storage"/> or <see cref="StorageUrl"/> is set.
    /// </summary>
    public string? ProjectDirectory { get; set; }

    /// <summary>
    /// A storage location: a SQLite file path (or <c>sqlite:PATH</c>), a PostgreSQL URL or connection string, or
    /// <c>memory</c>. See <see cref="StudyStorage.Open"/>.
    /// </summary>
    public string? StorageUrl { get; set; }

    /// <summary>
    /// The folder for the files trials save (<see cref="TrialContext.SaveArtifactAsync(string, Stream, CancellationToken)"/>,
    /// kept models). Null (default): <c>&lt;database file&gt;.artifacts</c> beside a SQLite file; a PostgreSQL or in-memory
    /// study needs one set before a trial saves. For workers on several machines, a shared folder every worker mounts
    /// at the same path. See <see cref="Artifacts.StudyArtifacts"/>.
    /// </summary>
    public string? ArtifactFolder { get; set; }

    /// <summary>A storage instance to use; the caller keeps ownership. Takes precedence over the other two.</summary>
    public IStudyStorage? Storage { get; set; }

    /// <summary>What to do when the stored study's space cannot be continued (default: fail, saying what changed).</summary>
    public SpaceMismatchPolicy OnSpaceMismatch { get; set; } = SpaceMismatchPolicy.Fail;

    /// <summary>
    /// How often this worker tells the storage that its running trials are alive (default 10 s), and how often it
    /// looks for other workers' stale trials.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long this worker's running trial may go without a heartbeat before any worker of the study marks it failed
    /// as stale (default 60 s: six missed heartbeats, so a database restart or a long pause survives, while a killed
    /// worker's trial is freed within about a minute). Stored with each trial, so workers with other settings agree.
    /// </summary>
    public TimeSpan StaleTrialTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a storage call is retried while the storage fails transiently (server restart, dropped connection,
    /// busy database) before the search gives up with a <see cref="Storage.StudyStorageException"/> (default 60 s);
    /// observers hear of the retries (<see cref="ISearchObserver.OnStorageRetrying"/>). A trial's result is retried
    /// until its stale deadline.
    /// </summary>
    public TimeSpan StorageRetryTimeout { get; set; } = DefaultStorageRetryTimeout;

    /// <summary>This worker's id in the storage; defaults to <c>host:pid:random</c>.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Where log messages go (trial started/finished, new best, search finished). Null: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Receives events as the search runs (progress displays, reports).</summary>
    public IList<ISearchObserver> Observers { get; } = new List<ISearchObserver>();

    /// <summary>Receives a progress snapshot after every finished trial.</summary>
    public IProgress<SearchProgress>? Progress { get; set; }

    /// <summary>The default of <see cref="StorageRetryTimeout"/>.</summary>
    public static readonly TimeSpan DefaultStorageRetryTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default project directory.</summary>
    public const string DefaultProjectDirectory = "tuner-project";

    /// <summary>The SQLite file name inside the project directory.</summary>
    public const string DefaultDatabaseFileName = "tuner.smt.db";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxTrials is < 0)
        {
            throw new ArgumentException($"{nameof(MaxTrials)} cannot be negative (was {MaxTrials}).");
        }

        if (MaxTotalSteps is < 0)
        {
            throw new ArgumentException($"{nameof(MaxTotalSteps)} cannot be negative (was {MaxTotalSteps}).");
        }

        if (Timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(Timeout)} must be positive (was {t}).");
        }

        if (MaxConcurrentTrials < 1)
        {
            throw new ArgumentException($"{nameof(MaxConcurrentTrials)} must be at least 1 (was {MaxConcurrentTrials}).");
        }

        if (MaxConsecutiveFailures is < 1)
        {
            throw new ArgumentException($"{nameof(MaxConsecutiveFailures)} must be at least 1 (was {MaxConsecutiveFailures}).");
        }

        if (Strategy is not null && (InitRandom is not null || RandomizeAxisFactor is not null))
        {
            string which = InitRandom is not null ? nameof(InitRandom) : nameof(RandomizeAxisFactor);
            throw new ArgumentException($"{which} configures the default strategy, but {nameof(Strategy)} is set to '{Strategy.Name}'; give the setting to that strategy (e.g. new StochasticMutator {{ {which} = ... }}) or leave {nameof(Strategy)} null.");
        }

        if (InitRandom is < 0)
        {
            throw new ArgumentException($"{nameof(InitRandom)} cannot be negative (was {InitRandom}).");
        }

        if (RandomizeAxisFactor is { } factor && (factor is < 0 or >= 1 || double.IsNaN(factor)))
        {
            throw new ArgumentException($"{nameof(RandomizeAxisFactor)} must be at least 0 and below 1 (was {factor}).");
        }

        if (TargetScore is { } target && !double.IsFinite(target))
        {
            throw new ArgumentException($"{nameof(TargetScore)} must be a finite number (was {target}).");
        }

        if (TrialTimeout is { } tt && tt <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(TrialTimeout)} must be positive (was {tt}).");
        }

        if (AbandonAfter < TimeSpan.Zero || StorageRetryTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(AbandonAfter)} and {nameof(StorageRetryTimeout)} cannot be negative.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || StaleTrialTimeout <= HeartbeatInterval)
        {
            throw new ArgumentException($"{nameof(HeartbeatInterval)} must be positive and shorter than {nameof(StaleTrialTimeout)}.");
        }
    }

    /// <summary>
    /// The strategy a search with these options uses: <see cref="Strategy"/>, or the default strategy configured
    /// by <see cref="InitRandom"/> and <see cref="RandomizeAxisFactor"/>.
    /// </summary>
    public ISearchStrategy CreateStrategy()
    {
        if (Strategy is not null)
        {
            return Strategy;
        }

        var classic = new StochasticMutator();
        return new StochasticMutator
        {
            InitRandom = InitRandom ?? classic.InitRandom,
            RandomizeAxisFactor = RandomizeAxisFactor ?? classic.RandomizeAxisFactor,
        };
    }
}
