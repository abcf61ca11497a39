using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A tree-structured Parzen estimator for choice spaces (independent per parameter, like Optuna's default TPE), as a
/// reference: after <see cref="Startup"/> random trials the scored trials are split into the best
/// γ(n) = min(⌈0.1 n⌉, 25) ("good") and the rest; for each parameter, l(x) and g(x) are Parzen estimates over
/// its values from the good and the other trials in which it was active (a uniform prior of weight 1; an ordered
/// parameter's kernel spreads to neighbouring values with a Gaussian of one index, an unordered one's is one-hot).
/// <see cref="Candidates"/> genomes are drawn from l and the untried one with the largest Σ log l(x)/g(x) over its
/// active parameters is proposed.
/// </summary>
/// <remarks>When every drawn candidate is taken (a nearly exhausted space), any untried config. Needs the study's trials.</remarks>
public sealed class TpeSampler : ISearchStrategy
{
    public string Name => "tpe";

    public int Startup { get; init; } = 10;

    public int Candidates { get; init; } = 24;

    public Candidate? Propose(StrategyContext context)
    {
        var model = context.TrialCount < Startup ? null : ParzenModel.Fit(context);
        if (model is null)
        {
            return UntriedConfigs.FindRandom(context);
        }

        var random = context.Random;
        for (int round = 0; round < 8; round++)
        {
            Candidate? chosen = null;
            double chosenScore = double.NegativeInfinity;
            for (int c = 0; c < Candidates; c++)
            {
                var candidate = context.Resolve(model.Sample(random));
                if (context.IsTaken(candidate.Key))
                {
                    continue;
                }

                double score = model.Score(candidate);
                if (score > chosenScore)
                {
                    (chosen, chosenScore) = (candidate, score);
                }
            }

            if (chosen is not null)
            {
                return chosen;
            }
        }

        return UntriedConfigs.FindRandom(context);
    }
}
