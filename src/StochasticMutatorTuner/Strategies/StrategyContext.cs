using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Strategies;

/// <summary>What a strategy may know about the study when it proposes a candidate, and its state for this study.</summary>
/// <remarks>
/// A study (one search over it) creates one context and passes it to every call, so a strategy keeps its per-study
/// state here (<see cref="GetState{TState}"/>), never in its own fields: one strategy object may serve several
/// studies, one after the other or at once, without carrying anything from one to the next.
/// </remarks>
public sealed class StrategyContext
{
    private readonly ISpaceResolver _resolver;
    private readonly Func<ConfigKey, bool> _isTaken;
    private readonly Func<int> _trialCount;
    private readonly Func<TrialRecord?> _best;
    private readonly Func<IReadOnlyList<TrialRecord>>? _trials;
    private readonly Dictionary<ISearchStrategy, Dictionary<Type, object>> _state = new(ReferenceEqualityComparer.Instance);
    private Draft? _draft;

    /// <summary>Creates a context without the study's trial list (<see cref="HasTrials"/> is false).</summary>
    public StrategyContext(ISpaceResolver resolver, Random random, Direction direction, Func<ConfigKey, bool> isTaken, Func<int> trialCount, Func<TrialRecord?> best)
        : this(resolver, random, direction, isTaken, trialCount, best, trials: null)
    {
    }

    /// <summary>Creates a context; studies do this, and tests and benchmarks that drive a strategy directly.</summary>
    /// <param name="resolver">Decides activity and keys of genomes.</param>
    /// <param name="random">The study's random source.</param>
    /// <param name="direction">Whether lower or higher scores are better.</param>
    /// <param name="isTaken">Whether a key exists in the study in any state.</param>
    /// <param name="trialCount">How many trials the study has.</param>
    /// <param name="best">The study's best trial.</param>
    /// <param name="trials">Every trial of the study by number (any state), or null when the caller cannot list them.</param>
    public StrategyContext(ISpaceResolver resolver, Random random, Direction direction, Func<ConfigKey, bool> isTaken, Func<int> trialCount, Func<TrialRecord?> best, Func<IReadOnlyList<TrialRecord>>? trials)
    {
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        Random = random ?? throw new ArgumentNullException(nameof(random));
        Direction = direction;
        _isTaken = isTaken ?? throw new ArgumentNullException(nameof(isTaken));
        _trialCount = trialCount ?? throw new ArgumentNullException(nameof(trialCount));
        _best = best ?? throw new ArgumentNullException(nameof(best));
        _trials = trials;
    }

    /// <summary>The parameters known now.</summary>
    public SearchSpace Space => _resolver.Space;

    /// <summary>The study's random source (seeded from <see cref="TunerOptions.Seed"/>).</summary>
    public Random Random { get; }

    /// <summary>Whether lower or higher is better.</summary>
    public Direction Direction { get; }

    /// <summary>How many trials the study has, in any state (running ones too).</summary>
    public int TrialCount => _trialCount();

    /// <summary>How many of the study's trials were pruned (0 when the context was created without a count).</summary>
    public int PrunedCount => PrunedCountSource?.Invoke() ?? 0;

    /// <summary>Where <see cref="PrunedCount"/> comes from; the search engine sets it.</summary>
    internal Func<int>? PrunedCountSource { get; init; }

    /// <summary>The best complete trial with a finite score (the earliest among equals), or null.</summary>
    public TrialRecord? Best => _best();

    /// <summary>Whether <see cref="Trials"/> lists the study's trials.</summary>
    public bool HasTrials => _trials is not null;

    /// <summary>
    /// Every trial of the study, by number, in any state (other workers' too, as far as this process has read
    /// them). Empty when the context was created without the list (<see cref="HasTrials"/> is false).
    /// </summary>
    public IReadOnlyList<TrialRecord> Trials => _trials?.Invoke() ?? Array.Empty<TrialRecord>();

    /// <summary>True when a trial with this key exists in any state (running, complete, failed, pruned).</summary>
    public bool IsTaken(ConfigKey key) => _isTaken(key);

    /// <summary>Decides activity and key of a genome (see <see cref="ISpaceResolver.Resolve"/>).</summary>
    public Candidate Resolve(ReadOnlySpan<int> genome) => _resolver.Resolve(genome, Random);

    /// <summary>A uniformly random genome of the current space, resolved.</summary>
    public Candidate Sample() => _resolver.Resolve(Space.Sample(Random), Random);

    /// <summary>
    /// The state <paramref name="owner"/> keeps for this study, created on first use: per strategy object and
    /// per study, so a strategy reused for another study starts fresh. Thread-safe to fetch; the state object
    /// itself is the strategy's to guard (the engine may call <see cref="ISearchStrategy.OnTrialFinished"/> from a
    /// worker while another asks for a proposal).
    /// </summary>
    public TState GetState<TState>(ISearchStrategy owner)
        where TState : class, new()
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_state)
        {
            if (!_state.TryGetValue(owner, out var states))
            {
                states = new Dictionary<Type, object>();
                _state[owner] = states;
            }

            if (!states.TryGetValue(typeof(TState), out var state))
            {
                state = new TState();
                states[typeof(TState)] = state;
            }

            return (TState)state;
        }
    }
    /// <summary>The space when activity follows from its declared conditions alone (it never grows); null for define-by-run spaces.</summary>
    internal SearchSpace? FixedSpace => _resolver is ConditionalSpaceResolver fixedSpace ? fixedSpace.Space : null;

    /// <summary>
    /// When set, whether the study has a key for good — the part of <see cref="IsTaken"/> that never turns false again
    /// (the study's own trials; not keys reserved a moment ago). Draws remember configs it confirmed, so a config drawn
    /// again is known taken without a look-up; the engine sets it. Null: every draw asks <see cref="IsTaken"/>.
    /// </summary>
    internal Func<ConfigKey, bool>? TakenForGood { get; init; }

    /// <summary>The strategies' reusable draw (strategies are asked one at a time).</summary>
    internal Draft Draft => _draft ??= new Draft(this);
}
