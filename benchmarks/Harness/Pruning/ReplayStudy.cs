using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A study in memory driven as the search engine drives one worker whose objective reports a learning curve per
/// epoch: propose, reserve, report epoch after epoch with the pruner asked after each report (as
/// <c>RunningTrial.ReportAsync</c> asks it: finite values only, never at the declared last epoch, with the study's
/// trials and best trial), finish as complete or pruned, <see cref="ISearchStrategy.OnTrialFinished"/>. Compute is
/// counted as the engine's <see cref="Study.TotalSteps"/>: every trial's last reported epoch. A test checks that
/// it runs the same trials, pruned at the same epochs, as the real tuner with the same seed and pruner.
/// </summary>
public sealed class ReplayStudy
{
    private readonly TrialLedger _ledger;
    private readonly IPruner? _pruner;
    private readonly CompetitivePruned? _competitive;
    private readonly HashSet<ConfigKey> _retried = new();
    private PausedRungs? _paused;
    private TrialRecord? _best;
    private int _pruned;

    /// <summary>Creates an empty minimizing study over <paramref name="space"/>.</summary>
    /// <param name="space">The space.</param>
    /// <param name="random">The strategy's random source.</param>
    /// <param name="pruner">The pruner, or null for none.</param>
    /// <param name="retryFraction">
    /// Null: a pruned config is never run again. Otherwise the "retry" variant: before each proposal, once a trial is
    /// complete, the pruned trial most competitive at this fraction (<see cref="CompetitivePruned"/>; the earliest
    /// among equals) whose config was not retried yet runs again as a new trial, which the pruner is never asked
    /// about (it trains to the end, all of its epochs counted).
    /// </param>
    /// <param name="promote">
    /// The "promote" variant (<see cref="PausedRungs"/>; <paramref name="pruner"/> must be a
    /// <see cref="SuccessiveHalvingPruner"/>): a pruned trial is paused, and before each proposal the paused trial
    /// ASHA would promote now resumes from the step it paused at — only the remaining epochs counted.
    /// </param>
    /// <exception cref="ArgumentException">Promotion without successive halving, or with retries.</exception>
    public ReplayStudy(SearchSpace space, Random random, IPruner? pruner, double? retryFraction = null, bool promote = false)
    {
        if (promote && (pruner is not SuccessiveHalvingPruner || retryFraction is not null))
        {
            throw new ArgumentException("Promotion of paused trials needs a SuccessiveHalvingPruner and no retries.", nameof(promote));
        }

        _ledger = new TrialLedger(space);
        _pruner = pruner;
        Promote = promote;
        _competitive = retryFraction is null ? null : new CompetitivePruned(Direction.Minimize);
        RetryFraction = retryFraction;
        Context = new StrategyContext(new ConditionalSpaceResolver(space), random, Direction.Minimize, _ledger.IsTaken, () => _ledger.Trials.Count, () => _best, () => _ledger.Trials)
        {
            PrunedCountSource = () => _pruned,
        };
    }

    /// <summary>The retry variant's fraction, or null (see the constructor).</summary>
    public double? RetryFraction { get; }

    /// <summary>Whether pruned trials are paused and promoted (see the constructor).</summary>
    public bool Promote { get; }

    /// <summary>Paused trials resumed so far (the promote variant).</summary>
    public int Promotions => _paused?.Promotions ?? 0;

    /// <summary>Trials that were retries of a pruned config.</summary>
    public int Retries => _retried.Count;

    /// <summary>The context every call of the strategy gets.</summary>
    public StrategyContext Context { get; }

    /// <summary>Every trial so far, by number (with its reported values).</summary>
    public IReadOnlyList<TrialRecord> Trials => _ledger.Trials;

    /// <summary>The best complete trial (the earliest among equals).</summary>
    public TrialRecord? Best => _best;

    /// <summary>The compute used so far: the sum over trials of the last epoch each reported.</summary>
    public long TotalSteps { get; private set; }

    /// <summary>The candidate trial <paramref name="number"/> evaluated.</summary>
    public Candidate CandidateOf(int number) => _ledger.CandidateOf(number);

    /// <summary>
    /// Runs one trial: asks <paramref name="strategy"/>, replays the candidate's curve (<paramref name="curveOf"/>)
    /// epoch by epoch through the pruner, and records it complete (scored by <paramref name="score"/>) or pruned.
    /// With <see cref="Promote"/>, first resumes the paused trial ASHA would promote, if any, instead (the same
    /// record, its curve replayed on from the step after its last report). Null when the strategy reports the space
    /// exhausted.
    /// </summary>
    /// <exception cref="InvalidOperationException">The strategy proposed a key the study already has.</exception>
    public TrialRecord? Step(ISearchStrategy strategy, Func<Candidate, IReadOnlyList<double>> curveOf, Func<IReadOnlyList<double>, double> score)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(curveOf);
        ArgumentNullException.ThrowIfNull(score);
        bool retry = false;
        (Candidate, TrialRecord)? started = null;
        if (_paused?.Next() is { } promoted)
        {
            started = (_ledger.CandidateOf(promoted), _ledger.Trials[promoted] with { State = TrialState.Running, PrunedStep = null, Paused = false, FinishedAt = null });
            _pruned--;
        }
        else if (_competitive is not null && _best is not null
            && _competitive.Competitive(RetryFraction!.Value).Where(c => !_retried.Contains(c.Trial.Key)).OrderBy(c => c.Better).ThenBy(c => c.Trial.Number).FirstOrDefault() is { Trial: { } again })
        {
            _retried.Add(again.Key);
            started = _ledger.Repeat(again.Number);
            retry = true;
        }

        if ((started ?? _ledger.Start(strategy, Context)) is not var (candidate, running))
        {
            return null;
        }

        var curve = curveOf(candidate);
        var values = new List<IntermediateValue>(curve.Count);
        values.AddRange(running.IntermediateValues);
        int resumedAt = values.Count;
        int? prunedAt = null;
        for (int step = resumedAt + 1; step <= curve.Count && prunedAt is null; step++)
        {
            values.Add(new IntermediateValue(step, curve[step - 1]));
            if (!retry && ShouldPrune(running with { IntermediateValues = values }, step, curve[step - 1], curve.Count))
            {
                prunedAt = step;
            }
        }

        var finished = running with
        {
            State = prunedAt is null ? TrialState.Complete : TrialState.Pruned,
            Score = prunedAt is null ? score(curve) : null,
            IntermediateValues = values,
            PrunedStep = prunedAt,
            Paused = prunedAt is not null && _paused is not null,
            FinishedAt = DateTimeOffset.UnixEpoch,
        };
        _ledger.Update(finished);
        TotalSteps += values.Count - resumedAt;
        if (prunedAt is not null)
        {
            _pruned++;
        }
        else if (TrialOrder.IsBetter(finished, _best, Direction.Minimize))
        {
            _best = finished;
        }

        _competitive?.Add(finished);
        if (Promote)
        {
            (_paused ??= new PausedRungs((SuccessiveHalvingPruner)_pruner!, curve.Count)).Add(finished);
        }

        strategy.OnTrialFinished(finished, Context);
        return finished;
    }

    /// <summary>The engine's question after a report; <paramref name="maxStep"/> is the declared last epoch (as <c>Trainer.Fit</c> declares its epochs).</summary>
    private bool ShouldPrune(TrialRecord current, int step, double value, int maxStep) =>
        _pruner is not null && double.IsFinite(value) && step < maxStep &&
        _pruner.ShouldPrune(new PruningContext(current, step, value, _ledger.Trials, Direction.Minimize) { MaxStep = maxStep, BestTrial = _best });
}
