using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Pruning;

/// <summary>
/// Hyperband for asynchronous studies, as Optuna's <c>HyperbandPruner</c> does it: several brackets of
/// <see cref="SuccessiveHalvingPruner"/> run at once, each trial in one bracket fixed by its number
/// (<see cref="BracketOf"/>), and a bracket judges a trial only against the trials of the same bracket. The brackets
/// hedge where the first rung sits: bracket k (0 = the most cautious) has its first rung at
/// ⌊<see cref="TopFraction"/> · MaxStep / η^k⌋ (<see cref="FirstRung"/>), so with the defaults (2 brackets, η = 3)
/// 40 % of the trials train to the end and 60 % meet successive halving from a third of the training on.
/// </summary>
/// <remarks>
/// <para>Bracket k gets the weight ⌈n · η^k / (k + 1)⌉ of the n brackets (the paper's and Optuna's allocation: the
/// aggressive brackets get the most trials, as each of their trials costs less). A trial's bracket is a SplitMix64
/// hash of its number, so every worker agrees without storing anything, and neighbouring numbers land in different
/// brackets.</para>
/// <para>Inside a bracket every rule of <see cref="SuccessiveHalvingPruner"/> holds (rungs in reported steps, the best
/// 1/η go on, nothing before the bracket's first rung or at a rung with fewer than η values of the bracket). The
/// study's best trial stays the guard in every bracket (<see cref="PruningContext.KeepsUpWithBest"/>): the brackets
/// split whom a trial is compared with, not which curve is known to lead to the best config. The engine never asks at
/// a trial's last step.</para>
/// <para>On the pruning benchmark (docs/benchmarks.md, Hyperband, 1,000 seeds, 8 problems) the defaults ranked above
/// successive halving's by the suite's rule (never significantly worse than no pruning on 7 problems of 8 for both;
/// significantly better in 21 cells of 32 against 18) but saved less compute in the median (1.23× against 1.38×) and
/// lost the 20-epoch diabetes curves that successive halving holds; 3 brackets, or brackets starting at half the
/// training, lost on more problems.</para>
/// </remarks>
public sealed class HyperbandPruner : IPruner
{
    /// <summary>The <see cref="StrategyRandom.Mix"/> seed that places trials in brackets ("Hype"): not a study's seed, so brackets do not follow trials' random streams.</summary>
    private const int BracketSeed = 0x48797065;

    private readonly int _reductionFactor = 3;
    private readonly int _brackets = 2;
    private readonly double _topFraction = 1;
    private readonly int _minResource = 1;

    /// <summary>η: each bracket keeps the best 1/η at its rungs, rungs are η times apart, and so are the brackets' first rungs. Default 3.</summary>
    public int ReductionFactor
    {
        get => _reductionFactor;
        init => _reductionFactor = value >= 2 ? value : throw new ArgumentOutOfRangeException(nameof(ReductionFactor), value, "ReductionFactor must be at least 2.");
    }

    /// <summary>How many brackets (1: plain successive halving from <see cref="TopFraction"/>). Default 2; 3 lost on more benchmark problems.</summary>
    public int Brackets
    {
        get => _brackets;
        init => _brackets = value is >= 1 and <= 10 ? value : throw new ArgumentOutOfRangeException(nameof(Brackets), value, "Brackets must be from 1 to 10.");
    }

    /// <summary>
    /// The most cautious bracket's first rung as a share of the trial's last step. Default 1: that bracket trains to the
    /// end (Hyperband's bracket without early stopping). Below 1 every bracket prunes, as in Optuna; 0.5 (with 3 brackets) lost on 4 of
    /// the 8 benchmark problems. In (0, 1].
    /// </summary>
    public double TopFraction
    {
        get => _topFraction;
        init => _topFraction = value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(TopFraction), value, "TopFraction must be above 0 and at most 1.");
    }

    /// <summary>The earliest step any bracket's first rung may sit at. Default 1.</summary>
    public int MinResource
    {
        get => _minResource;
        init => _minResource = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinResource), value, "MinResource must be at least 1.");
    }

    /// <summary>The bracket (0 to <see cref="Brackets"/> − 1) of trial <paramref name="number"/>: fixed by the number alone, with bracket k drawn with its weight ⌈n · η^k / (k + 1)⌉.</summary>
    public int BracketOf(int number) => BracketIn(number, Weights());

    /// <summary>As Optuna: a hash of the number modulo the weights' total, then the bracket whose share of the total holds it.</summary>
    private static int BracketIn(int number, double[] weights)
    {
        double draw = StrategyRandom.Mix(BracketSeed, number) % weights.Sum(); // the weights are whole numbers
        for (int k = 0; k < weights.Length - 1; k++)
        {
            draw -= weights[k];
            if (draw < 0)
            {
                return k;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>
    /// The first rung of bracket <paramref name="bracket"/> for a trial whose last step is <paramref name="maxStep"/>
    /// (null: unknown, then <see cref="MinResource"/>, as for <see cref="SuccessiveHalvingPruner.FirstRung"/>), or null
    /// for a bracket that trains to the end.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bracket"/> is not a bracket.</exception>
    public int? FirstRung(int bracket, int? maxStep) => Halving(bracket)?.FirstRung(maxStep);

    /// <inheritdoc />
    public bool ShouldPrune(PruningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var weights = Weights();
        int bracket = BracketIn(context.Trial.Number, weights);
        if (Halving(bracket) is not { } halving)
        {
            return false;
        }

        var same = new List<TrialRecord>();
        foreach (var t in context.Trials)
        {
            if (BracketIn(t.Number, weights) == bracket)
            {
                same.Add(t);
            }
        }

        return halving.ShouldPrune(context with { Trials = same });
    }

    /// <summary>Bracket k's weight ⌈n · η^k / (k + 1)⌉, for k = 0 … n − 1.</summary>
    private double[] Weights()
    {
        var weights = new double[Brackets];
        for (int k = 0; k < Brackets; k++)
        {
            weights[k] = Math.Ceiling(Brackets * Math.Pow(ReductionFactor, k) / (k + 1));
        }

        return weights;
    }

    /// <summary>Bracket <paramref name="bracket"/>'s successive halving, or null when its first rung is the whole training.</summary>
    private SuccessiveHalvingPruner? Halving(int bracket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bracket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bracket, Brackets);
        double fraction = TopFraction / Math.Pow(ReductionFactor, bracket);
        return fraction >= 1 ? null : new SuccessiveHalvingPruner { ReductionFactor = ReductionFactor, MinResourceFraction = fraction, MinResource = MinResource };
    }
}
