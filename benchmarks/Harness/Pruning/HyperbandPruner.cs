using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// Hyperband for asynchronous studies, as Optuna's <c>HyperbandPruner</c> does it: several successive-halving
/// brackets run at once, each trial in one bracket chosen from its number, each bracket judging a trial only against
/// the trials of the same bracket. Bracket k (0 = the most cautious) has its first rung at ⌊<see cref="Top"/> ·
/// MaxStep / η^k⌋ (at least step 1) and weight ⌈n · η^k / (k + 1)⌉ of the n brackets (the paper's allocation:
/// aggressive brackets get the most trials); with <see cref="Top"/> = 1 bracket 0 is never pruned.
/// </summary>
/// <remarks>
/// Harness-only: measured against successive halving in docs/benchmarks.md (Pruning, third round). The study's best
/// trial stays the guard in every bracket (<see cref="PruningContext.KeepsUpWithBest"/>): the brackets split who a
/// trial is compared with, not which curve is known to lead to the best config.
/// </remarks>
public sealed class HyperbandPruner : IPruner
{
    /// <summary>The stream of <see cref="StrategyRandom.Mix"/> that places trials in brackets ("Hype"): not a trial's seed stream.</summary>
    private const int BracketStream = 0x48797065;

    private readonly SuccessiveHalvingPruner?[] _brackets;
    private readonly int[] _weights;
    private readonly int _totalWeight;

    /// <summary>Creates the brackets.</summary>
    /// <param name="reductionFactor">η of every bracket, and the ratio between brackets' first rungs (at least 2).</param>
    /// <param name="brackets">How many brackets (at least 1).</param>
    /// <param name="top">The most cautious bracket's first rung as a share of the training, in (0, 1]; 1: that bracket never prunes.</param>
    /// <param name="minResource">The earliest first rung of any bracket (at least 1).</param>
    public HyperbandPruner(int reductionFactor = 3, int brackets = 3, double top = 1, int minResource = 1)
    {
        if (reductionFactor < 2 || brackets < 1 || top is <= 0 or > 1 || minResource < 1)
        {
            throw new ArgumentException($"Hyperband needs eta >= 2, brackets >= 1, top in (0, 1] and min >= 1; got eta={reductionFactor}, brackets={brackets}, top={top}, min={minResource}.");
        }

        ReductionFactor = reductionFactor;
        Top = top;
        _brackets = new SuccessiveHalvingPruner?[brackets];
        _weights = new int[brackets];
        for (int k = 0; k < brackets; k++)
        {
            double fraction = top / Math.Pow(reductionFactor, k);
            _brackets[k] = fraction >= 1 ? null : new SuccessiveHalvingPruner { ReductionFactor = reductionFactor, MinResourceFraction = fraction, MinResource = minResource };
            _weights[k] = (int)Math.Ceiling(brackets * Math.Pow(reductionFactor, k) / (k + 1));
            _totalWeight += _weights[k];
        }
    }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>The most cautious bracket's first rung as a share of the training.</summary>
    public double Top { get; }

    /// <summary>How many brackets.</summary>
    public int Brackets => _brackets.Length;

    /// <summary>Bracket <paramref name="k"/>'s successive halving, or null for a bracket that trains to the end.</summary>
    public SuccessiveHalvingPruner? Bracket(int k) => _brackets[k];

    /// <summary>The bracket of trial <paramref name="number"/>: fixed by the number alone, so every worker agrees.</summary>
    public int BracketOf(int number)
    {
        int n = StrategyRandom.Mix(BracketStream, number) % _totalWeight;
        for (int k = 0; k < _weights.Length; k++)
        {
            n -= _weights[k];
            if (n < 0)
            {
                return k;
            }
        }

        throw new InvalidOperationException("unreachable: the weights sum to the total");
    }

    /// <inheritdoc />
    public bool ShouldPrune(PruningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int bracket = BracketOf(context.Trial.Number);
        if (_brackets[bracket] is not { } halving)
        {
            return false;
        }

        var same = new List<TrialRecord>();
        foreach (var t in context.Trials)
        {
            if (BracketOf(t.Number) == bracket)
            {
                same.Add(t);
            }
        }

        return halving.ShouldPrune(context with { Trials = same });
    }
}
