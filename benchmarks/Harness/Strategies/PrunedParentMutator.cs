using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The pruning benchmark's "parents" variant of the classic mutator: the same random start and mutation, but each
/// draw's parent is picked uniformly among the best complete trial and the pruned trials that are competitive at
/// <see cref="Fraction"/> (<see cref="CompetitivePruned"/>). With no competitive pruned trial it is the classic
/// mutator draw for draw (it draws no extra random number).
/// </summary>
public sealed class PrunedParentMutator : ISearchStrategy
{
    /// <summary>Creates the variant with the competitiveness fraction <paramref name="fraction"/>.</summary>
    public PrunedParentMutator(double fraction) => Fraction = fraction;

    /// <summary>q: a pruned trial is a parent while its last value is among the best q of the values at its step.</summary>
    public double Fraction { get; }

    /// <inheritdoc />
    public string Name => "storm-pruned-parents";

    /// <summary>As <see cref="StochasticMutator.InitRandom"/>.</summary>
    public int InitRandom { get; init; } = 10;

    /// <summary>Parents picked from a pruned trial (for the benchmark's log).</summary>
    public int PrunedParentDraws { get; private set; }

    /// <inheritdoc />
    public Candidate? Propose(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var best = context.Best;
        if (context.TrialCount - context.PrunedCount < InitRandom || best is null)
        {
            return UntriedConfigs.FindRandom(context);
        }

        var pool = context.GetState<Tracker>(this).Of(context).Competitive(Fraction);
        if (pool.Count == 0)
        {
            return Neighbourhood.Propose(context, () => best.Genome, 0.5, StochasticMutator.DefaultAttemptsPerLevel);
        }

        return Neighbourhood.Propose(context, () =>
        {
            int pick = context.Random.Next(pool.Count + 1);
            if (pick == pool.Count)
            {
                return best.Genome;
            }

            PrunedParentDraws++;
            return pool[pick].Trial.Genome;
        }, 0.5, StochasticMutator.DefaultAttemptsPerLevel);
    }

    /// <inheritdoc />
    public void OnTrialFinished(TrialRecord trial, StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(context);
        context.GetState<Tracker>(this).Of(context).Add(trial);
    }

    private sealed class Tracker
    {
        private CompetitivePruned? _pruned;

        public CompetitivePruned Of(StrategyContext context) => _pruned ??= new CompetitivePruned(context.Direction);
    }
}
