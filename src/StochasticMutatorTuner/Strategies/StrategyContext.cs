using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Strategies;

/// <summary>What a strategy may know about the study when it proposes a candidate.</summary>
public sealed class StrategyContext
{
    private readonly ISpaceResolver _resolver;
    private readonly Func<ConfigKey, bool> _isTaken;
    private readonly Func<int> _trialCount;
    private readonly Func<TrialRecord?> _best;
    private Draft? _draft;

    /// <summary>Creates a context; studies do this, and tests that drive a strategy directly.</summary>
    public StrategyContext(ISpaceResolver resolver, Random random, Direction direction, Func<ConfigKey, bool> isTaken, Func<int> trialCount, Func<TrialRecord?> best)
    {
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        Random = random ?? throw new ArgumentNullException(nameof(random));
        Direction = direction;
        _isTaken = isTaken ?? throw new ArgumentNullException(nameof(isTaken));
        _trialCount = trialCount ?? throw new ArgumentNullException(nameof(trialCount));
        _best = best ?? throw new ArgumentNullException(nameof(best));
    }

    /// <summary>The parameters known now.</summary>
    public SearchSpace Space => _resolver.Space;

    /// <summary>The study's random source (seeded by <see cref="TunerOptions.Seed"/>).</summary>
    public Random Random { get; }

    /// <summary>Whether lower or higher is better.</summary>
    public Direction Direction { get; }

    /// <summary>How many trials the study has, in any state (running ones too).</summary>
    public int TrialCount => _trialCount();

    /// <summary>How many of the study's trials were pruned (0 when the context was created without a count).</summary>
    public int PrunedCount => PrunedCountSource?.Invoke() ?? 0;

    /// <summary>Where <see cref="PrunedCount"/> comes from; the search engine sets it.</summary>
    internal Func<int>? PrunedCountSource { get; init; }

    /// <summary>The best complete trial with a finite score, or null.</summary>
    public TrialRecord? Best => _best();

    /// <summary>True when a trial with this key exists in any state (running, complete, failed, pruned).</summary>
    public bool IsTaken(ConfigKey key) => _isTaken(key);

    /// <summary>Decides activity and key of a genome (see <see cref="ISpaceResolver.Resolve"/>).</summary>
    public Candidate Resolve(ReadOnlySpan<int> genome) => _resolver.Resolve(genome, Random);

    /// <summary>A uniformly random genome of the current space, resolved.</summary>
    public Candidate Sample() => _resolver.Resolve(Space.Sample(Random), Random);

    /// <summary>The space when activity follows from its declared conditions alone (it never grows); null for define-by-run spaces.</summary>
    internal SearchSpace? FixedSpace => _resolver is ConditionalSpaceResolver fixedSpace ? fixedSpace.Space : null;

    /// <summary>The strategies' reusable draw (strategies are asked one at a time).</summary>
    internal Draft Draft => _draft ??= new Draft(this);
}
