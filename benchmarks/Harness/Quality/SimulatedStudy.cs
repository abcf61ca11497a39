using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A study in memory driven the way the search engine drives one worker (propose, reserve, evaluate, finish,
/// <see cref="ISearchStrategy.OnTrialFinished"/>), without storage or tasks: thousands of times faster than the
/// public API, so 1,000 seeds of every strategy on every problem take minutes. A test checks that it proposes
/// the same trials as the real tuner for the same seed.
/// </summary>
/// <remarks>
/// It also checks the strategy's contract on every proposal: a taken key is an error, never a repeat. Repeats
/// exist only as an experiment of the study itself (<c>maxEvaluations</c> above 1): a prototype of "noise-aware
/// incumbents" for deciding whether the tuner should support them; the tuner does not today.
/// </remarks>
public sealed class SimulatedStudy
{
    private readonly TrialLedger _ledger;
    private readonly List<List<double>> _observations = new();
    private readonly int _maxEvaluations;
    private int _evaluations;
    private TrialRecord? _best;

    /// <summary>Creates an empty minimizing study over <paramref name="space"/> with the strategy's random source.</summary>
    /// <param name="space">The space.</param>
    /// <param name="random">The strategy's random source.</param>
    /// <param name="maxEvaluations">
    /// 1 (the tuner today): every trial is a new config. Above 1 (an experiment): whenever the incumbent has fewer
    /// evaluations than this, the next trial re-evaluates it instead of asking the strategy, and every config is
    /// scored by the mean of its evaluations.
    /// </param>
    public SimulatedStudy(SearchSpace space, Random random, int maxEvaluations = 1)
    {
        _ledger = new TrialLedger(space);
        _maxEvaluations = maxEvaluations;
        Context = new StrategyContext(new ConditionalSpaceResolver(space), random, Direction.Minimize, _ledger.IsTaken, () => _ledger.Trials.Count, () => _best, () => _ledger.Trials);
    }

    /// <summary>The context every call of the strategy gets.</summary>
    public StrategyContext Context { get; }

    /// <summary>Every trial so far, by number.</summary>
    public IReadOnlyList<TrialRecord> Trials => _ledger.Trials;

    /// <summary>The best complete trial (the earliest among equals), as the study defines it.</summary>
    public TrialRecord? Best => _best;

    /// <summary>
    /// Runs one trial: asks <paramref name="strategy"/>, evaluates the candidate, records the outcome (or, with
    /// repeats, re-evaluates the incumbent). Null when the strategy reports the space exhausted.
    /// </summary>
    /// <exception cref="InvalidOperationException">The strategy proposed a key the study already has.</exception>
    public (Candidate Candidate, TrialRecord Record, Evaluation Evaluation)? Step(ISearchStrategy strategy, Evaluator evaluate)
    {
        if (_best is { } incumbent && _observations[incumbent.Number].Count < _maxEvaluations)
        {
            return Repeat(strategy, incumbent.Number, evaluate);
        }

        if (_ledger.Start(strategy, Context) is not var (candidate, running))
        {
            return null;
        }

        var evaluation = evaluate(candidate, _evaluations++, 0);
        _observations.Add(evaluation.Score is { } score ? new List<double> { score } : new List<double>());
        var finished = running with
        {
            State = evaluation.Score is null ? TrialState.Pruned : TrialState.Complete,
            Score = evaluation.Score,
            FinishedAt = DateTimeOffset.UnixEpoch,
        };
        _ledger.Update(finished);
        if (finished.HasScore && (_best is null || finished.Score < _best.Score))
        {
            _best = finished;
        }

        strategy.OnTrialFinished(finished, Context);
        return (candidate, finished, evaluation);
    }

    /// <summary>The candidate trial <paramref name="number"/> evaluated.</summary>
    public Candidate CandidateOf(int number) => _ledger.CandidateOf(number);

    /// <summary>How many times the config of trial <paramref name="number"/> was evaluated.</summary>
    public int EvaluationsOf(int number) => _observations[number].Count;

    private (Candidate Candidate, TrialRecord Record, Evaluation Evaluation) Repeat(ISearchStrategy strategy, int number, Evaluator evaluate)
    {
        var candidate = _ledger.CandidateOf(number);
        var observations = _observations[number];
        var evaluation = evaluate(candidate, _evaluations++, observations.Count);
        if (evaluation.Score is { } score)
        {
            observations.Add(score);
        }
        else
        {
            observations.Add(_ledger.Trials[number].Score!.Value); // a pruned repeat adds nothing new; counted so it is not retried forever
        }

        var updated = _ledger.Trials[number] with { Score = observations.Average() };
        _ledger.Update(updated);
        _best = null;
        foreach (var trial in _ledger.Trials)
        {
            if (trial.HasScore && (_best is null || trial.Score < _best.Score))
            {
                _best = trial;
            }
        }

        strategy.OnTrialFinished(updated, Context);
        return (candidate, updated, evaluation);
    }
}
