using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// An experimental variant of <see cref="StochasticMutator"/> whose randomize-axis factor adapts: each trial that
/// does not improve on the best raises it by <see cref="Step"/> (wider jumps when stuck), each new best lowers it by
/// four steps (finer steps while descending), within [<see cref="MinFactor"/>, <see cref="MaxFactor"/>]. The factor
/// is per study and starts at <see cref="StartFactor"/>. Not the default: see docs/benchmarks.md.
/// </summary>
public sealed class AdaptiveStochasticMutator : ISearchStrategy
{
    private readonly int _initRandom = 10;
    private readonly double _startFactor = 0.5;

    /// <inheritdoc />
    public string Name => "storm-adaptive";

    /// <summary>How many trials are drawn at random before mutation starts. Default 10.</summary>
    public int InitRandom
    {
        get => _initRandom;
        init => _initRandom = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(InitRandom), value, "InitRandom cannot be negative.");
    }

    /// <summary>The factor each study starts with, in [0, 1). Default 0.5.</summary>
    public double StartFactor
    {
        get => _startFactor;
        init => _startFactor = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(StartFactor), value, "StartFactor must be at least 0 and below 1.");
    }

    /// <summary>The smallest factor. Default 0.2.</summary>
    public double MinFactor { get; init; } = 0.2;

    /// <summary>The largest factor (below 1). Default 0.85.</summary>
    public double MaxFactor { get; init; } = 0.85;

    /// <summary>How much a non-improving trial raises the factor, and an improving one lowers it (×4). Default 0.02.</summary>
    public double Step { get; init; } = 0.02;

    /// <summary>The factor the study of <paramref name="context"/> uses now.</summary>
    public double CurrentFactor(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.GetState<FactorState>(this);
        lock (state)
        {
            return state.Factor ?? StartFactor;
        }
    }

    /// <inheritdoc />
    public Candidate? Propose(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var best = context.Best;
        if (context.TrialCount - context.PrunedCount < InitRandom || best is null)
        {
            return UntriedConfigs.FindRandom(context);
        }

        return Neighbourhood.Propose(context, best.Genome, CurrentFactor(context), StochasticMutator.DefaultAttemptsPerLevel);
    }

    /// <inheritdoc />
    public void OnTrialFinished(TrialRecord trial, StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(context);
        if (context.TrialCount - context.PrunedCount < InitRandom || !trial.HasScore)
        {
            return;
        }

        var state = context.GetState<FactorState>(this);
        lock (state)
        {
            bool improved = state.BestScore is not { } previous || context.Direction.IsBetter(trial.Score!.Value, previous);
            double factor = state.Factor ?? StartFactor;
            state.Factor = Math.Clamp(improved ? factor - 4 * Step : factor + Step, MinFactor, MaxFactor);
            state.BestScore = context.Best?.Score;
        }
    }

    private sealed class FactorState
    {
        public double? Factor { get; set; }

        public double? BestScore { get; set; }
    }
}
