using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A search-quality problem: a space, what an evaluation of a config observes, and the config's true regret.
/// Minimization; thread-safe (runs of different seeds evaluate in parallel).
/// </summary>
public interface IBenchmarkProblem
{
    /// <summary>The name in reports (with a <c>-noisy</c> suffix for the noisy protocol).</summary>
    string Name { get; }

    /// <summary>One sentence: the data, the space and the protocol.</summary>
    string Description { get; }

    /// <summary>The space searched.</summary>
    SearchSpace Space { get; }

    /// <summary>How many distinct configs the space has (budgets beyond it are pointless).</summary>
    int ConfigCount { get; }

    /// <summary>The regret at or below which a config is in the best 1 % of the space.</summary>
    double TopOnePercentRegret { get; }

    /// <summary>
    /// What evaluation <paramref name="repeat"/> (0 for the first) of <paramref name="config"/> observes in run
    /// <paramref name="run"/>: deterministic in all three, so the same run replays the same noise, and two
    /// strategies that evaluate the same config in the same run observe the same value (paired comparisons).
    /// </summary>
    Evaluation Evaluate(Candidate config, int run, int repeat);

    /// <summary>The config's true value minus the best true value of the space (0 for the optimum).</summary>
    double Regret(Candidate config);
}
