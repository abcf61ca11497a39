using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The trials of an in-memory study the harness drives (<see cref="SimulatedStudy"/>, <see cref="ReplayStudy"/>): by
/// number, with the candidate each evaluated, and the reservation step both share — ask the strategy, refuse a taken
/// key (a repeat is the strategy's bug, never a retry), record the trial as running.
/// </summary>
internal sealed class TrialLedger
{
    private readonly List<TrialRecord> _trials = new();
    private readonly List<Candidate> _candidates = new();
    private readonly HashSet<ConfigKey> _taken = new();
    private readonly SearchSpace _space;

    public TrialLedger(SearchSpace space) => _space = space ?? throw new ArgumentNullException(nameof(space));

    /// <summary>Every trial so far, by number.</summary>
    public IReadOnlyList<TrialRecord> Trials => _trials;

    /// <summary>Whether a trial has this key (the strategy context's question).</summary>
    public bool IsTaken(ConfigKey key) => _taken.Contains(key);

    /// <summary>The candidate trial <paramref name="number"/> evaluated.</summary>
    public Candidate CandidateOf(int number) => _candidates[number];

    /// <summary>Replaces trial <paramref name="trial"/>'s record (it finished, or was scored again).</summary>
    public void Update(TrialRecord trial) => _trials[trial.Number] = trial;

    /// <summary>
    /// Records a second trial of trial <paramref name="number"/>'s config, running (the pruning benchmark's "retry"
    /// variant; a real study cannot hold a key twice).
    /// </summary>
    public (Candidate Candidate, TrialRecord Running) Repeat(int number)
    {
        var candidate = _candidates[number];
        var running = _trials[number] with { Number = _trials.Count, State = TrialState.Running, Score = null, IntermediateValues = Array.Empty<IntermediateValue>(), PrunedStep = null, FinishedAt = null };
        _trials.Add(running);
        _candidates.Add(candidate);
        return (candidate, running);
    }

    /// <summary>
    /// Asks <paramref name="strategy"/> for a candidate and records it as the next trial, running. Null when the
    /// strategy reports the space exhausted.
    /// </summary>
    /// <exception cref="InvalidOperationException">The strategy proposed a key the study already has.</exception>
    public (Candidate Candidate, TrialRecord Running)? Start(ISearchStrategy strategy, StrategyContext context)
    {
        var candidate = strategy.Propose(context);
        if (candidate is null)
        {
            return null;
        }

        if (!_taken.Add(candidate.Key))
        {
            throw new InvalidOperationException($"{strategy.Name} proposed config {candidate.Key}, which the study already has (trial {_trials.Count}).");
        }

        var running = new TrialRecord
        {
            Number = _trials.Count,
            Key = candidate.Key,
            Genome = candidate.Genome,
            Params = _space.ActiveValues(candidate.Genome, candidate.Active),
            State = TrialState.Running,
            StartedAt = DateTimeOffset.UnixEpoch,
        };
        _trials.Add(running);
        _candidates.Add(candidate);
        return (candidate, running);
    }
}
