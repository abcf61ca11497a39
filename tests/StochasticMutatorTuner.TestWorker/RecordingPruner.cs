using System.Globalization;
using StochasticMutatorTuner.Pruning;

/// <summary>
/// Asks a successive-halving pruner and prints each decision with what it was based on, so that a test can check it
/// against the stored study: <c>decision TRIAL STEP PRUNED(0|1) UNIX_MS BEST_TRIAL(-1: none) RUNG(0: none) SEEN</c>,
/// SEEN being the other trials with a value at the rung (comma-separated numbers, or <c>-</c>).
/// </summary>
internal sealed class RecordingPruner(SuccessiveHalvingPruner inner) : IPruner
{
    public bool ShouldPrune(PruningContext context)
    {
        bool pruned = inner.ShouldPrune(context);
        var values = context.Trial.IntermediateValues;
        int previous = values.Count >= 2 ? values[^2].Step : 0;
        int rung = 0;
        for (int r = inner.FirstRung(context.MaxStep); r <= context.Step; r *= inner.ReductionFactor)
        {
            if (r > previous)
            {
                rung = r; // consecutive steps cross one rung at most
            }
        }

        var seen = rung == 0 ? new List<int>() : context.Trials
            .Where(t => t.Number != context.Trial.Number && SuccessiveHalvingPruner.ValueAtRung(t, rung) is not null)
            .Select(t => t.Number)
            .ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decision {context.Trial.Number} {context.Step} {(pruned ? 1 : 0)} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {context.BestTrial?.Number ?? -1} {rung} {(seen.Count == 0 ? "-" : string.Join(",", seen))}"));
        return pruned;
    }
}
