using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// An experimental variant of <see cref="StochasticMutator"/> whose <see cref="StochasticMutator.RandomizeAxisFactor"/>
/// adapts: each trial that does not improve on the best raises it a little (wider jumps when stuck), each new
/// best lowers it (finer steps while descending), within [<see cref="MinFactor"/>, <see cref="MaxFactor"/>].
/// Not the default: see the benchmarks in the README for how it compares with the classic mutator.
/// </summary>
public sealed class AdaptiveStochasticMutator : ISearchStrategy
{
    private StochasticMutator _inner;
    private double? _bestScore;

    /// <summary>Creates the strategy with the classic defaults as its starting point.</summary>
    public AdaptiveStochasticMutator(int initRandom = 10, double startFactor = 0.5)
    {
        _inner = new StochasticMutator { InitRandom = initRandom, RandomizeAxisFactor = startFactor };
    }

    /// <inheritdoc />
    public string Name => "storm-adaptive";

    /// <summary>The smallest factor. Default 0.2.</summary>
    public double MinFactor { get; init; } = 0.2;

    /// <summary>The largest factor. Default 0.85.</summary>
    public double MaxFactor { get; init; } = 0.85;

    /// <summary>How much a non-improving trial raises the factor, and an improving one lowers it (×4). Default 0.02.</summary>
    public double Step { get; init; } = 0.02;

    /// <summary>The factor now.</summary>
    public double CurrentFactor => _inner.RandomizeAxisFactor;

    /// <inheritdoc />
    public Candidate? Propose(StrategyContext context) => _inner.Propose(context);

    /// <inheritdoc />
    public void OnTrialFinished(TrialRecord trial, StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(context);
        if (context.TrialCount - context.PrunedCount < _inner.InitRandom || !trial.HasScore)
        {
            return;
        }

        bool improved = _bestScore is not { } previous
            || (context.Direction == Direction.Minimize ? trial.Score < previous : trial.Score > previous);
        double factor = improved ? CurrentFactor - 4 * Step : CurrentFactor + Step;
        _bestScore = context.Best?.Score;
        _inner = new StochasticMutator { InitRandom = _inner.InitRandom, RandomizeAxisFactor = Math.Clamp(factor, MinFactor, MaxFactor), AttemptsPerLevel = _inner.AttemptsPerLevel };
    }
}
