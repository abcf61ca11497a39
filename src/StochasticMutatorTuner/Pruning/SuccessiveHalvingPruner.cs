using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Pruning;

/// <summary>
/// Asynchronous successive halving (ASHA): rungs sit at steps <c>MinResource · η^k</c>. When a trial reaches a
/// rung it continues only if its value there is among the best <c>1/η</c> of the values every trial (running or
/// finished) has reported at that rung; otherwise it is pruned. It never waits for other trials.
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    private readonly int _minResource = 1;
    private readonly int _reductionFactor = 3;

    /// <summary>The first rung's step (e.g. epoch 1). Default 1.</summary>
    public int MinResource
    {
        get => _minResource;
        init => _minResource = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinResource), value, "MinResource must be at least 1.");
    }

    /// <summary>η: each rung keeps the best 1/η. Default 3.</summary>
    public int ReductionFactor
    {
        get => _reductionFactor;
        init => _reductionFactor = value >= 2 ? value : throw new ArgumentOutOfRangeException(nameof(ReductionFactor), value, "ReductionFactor must be at least 2.");
    }

    /// <summary>Trials needed at a rung before it decides anything (with fewer, every trial is promoted). Default η.</summary>
    public int? MinTrialsPerRung { get; init; }

    /// <inheritdoc />
    public bool ShouldPrune(PruningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsRung(context.Step))
        {
            return false;
        }

        var values = new List<double> { context.Value };
        foreach (var t in context.Trials)
        {
            if (t.Number != context.Trial.Number && t.State != TrialState.Failed && MedianPruner.ValueAt(t, context.Step) is { } v)
            {
                values.Add(v);
            }
        }

        if (values.Count < (MinTrialsPerRung ?? ReductionFactor))
        {
            return false;
        }

        // Promoted when among the best ⌊n/η⌋ (at least one) values at this rung.
        int keep = Math.Max(1, values.Count / ReductionFactor);
        int better = values.Count(v => context.Direction.IsBetter(v, context.Value));
        return better >= keep;
    }

    /// <summary>True when <paramref name="step"/> is a rung: MinResource · η^k.</summary>
    public bool IsRung(int step)
    {
        for (long rung = MinResource; rung <= step; rung *= ReductionFactor)
        {
            if (rung == step)
            {
                return true;
            }
        }

        return false;
    }
}
