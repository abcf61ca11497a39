using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Strategies.Conformance;

/// <summary>
/// A study in memory for the strategy laws: trials can stay running between asks (as with several workers), the
/// strategy sees the trial list, and every proposal is checked against the contract as it is made.
/// </summary>
internal sealed class ConformanceStudy
{
    private readonly List<TrialRecord> _trials = new();
    private readonly HashSet<ConfigKey> _taken = new();
    private readonly ISearchStrategy _strategy;
    private TrialRecord? _best;

    public ConformanceStudy(ISearchStrategy strategy, SearchSpace space, int seed, Direction direction = Direction.Minimize)
    {
        _strategy = strategy;
        Space = space;
        Direction = direction;
        Context = new StrategyContext(new ConditionalSpaceResolver(space), StrategyRandom.Create(seed), direction, _taken.Contains, () => _trials.Count, () => _best, () => _trials);
    }

    public SearchSpace Space { get; }

    public Direction Direction { get; }

    public StrategyContext Context { get; }

    public IReadOnlyList<TrialRecord> Trials => _trials;

    /// <summary>A deterministic, structureless objective: the key's hash spread over [0, 1).</summary>
    public static double HashScore(Candidate candidate) => (candidate.Key.Value % 1_000_003) / 1_000_003.0;

    /// <summary>Asks for a proposal and reserves it as a running trial; null when the strategy reports exhaustion.</summary>
    public Candidate? Ask()
    {
        var candidate = _strategy.Propose(Context);
        if (candidate is null)
        {
            return null;
        }

        Space.Validate(candidate.Genome);
        Assert.Equal(Space.KeyOf(candidate.Genome), candidate.Key);
        Assert.Equal(Space.GetActive(candidate.Genome), candidate.Active);
        Assert.True(_taken.Add(candidate.Key), $"{_strategy.Name} proposed {candidate.Key}, which the study already has (trial {_trials.Count}).");
        _trials.Add(new TrialRecord
        {
            Number = _trials.Count,
            Key = candidate.Key,
            Genome = candidate.Genome,
            Params = Space.ActiveValues(candidate.Genome, candidate.Active),
            State = TrialState.Running,
            StartedAt = DateTimeOffset.UnixEpoch,
        });
        return candidate;
    }

    /// <summary>Finishes running trial <paramref name="number"/> with a score (null: pruned) and tells the strategy.</summary>
    public void Tell(int number, double? score)
    {
        var finished = _trials[number] with { State = score is null ? TrialState.Pruned : TrialState.Complete, Score = score, FinishedAt = DateTimeOffset.UnixEpoch };
        _trials[number] = finished;
        if (finished.HasScore && (_best is null || Direction.IsBetter(finished.Score!.Value, _best.Score!.Value)))
        {
            _best = finished;
        }

        _strategy.OnTrialFinished(finished, Context);
    }

    /// <summary>Asks and immediately finishes with <paramref name="objective"/>, <paramref name="count"/> times (or until exhaustion); returns the keys.</summary>
    public List<ConfigKey> Run(int count, Func<Candidate, double> objective)
    {
        var keys = new List<ConfigKey>();
        for (int i = 0; i < count; i++)
        {
            var candidate = Ask();
            if (candidate is null)
            {
                break;
            }

            keys.Add(candidate.Key);
            Tell(_trials.Count - 1, objective(candidate));
        }

        return keys;
    }
}
