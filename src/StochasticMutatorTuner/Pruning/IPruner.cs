using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Pruning;

/// <summary>Decides, after a trial reports a per-step value, whether the trial is hopeless and should stop.</summary>
/// <remarks><b>Thread-safety:</b> may be called from several running trials at once; implementations keep no mutable state.</remarks>
public interface IPruner
{
    /// <summary>True when the running trial should stop now.</summary>
    /// <param name="context">The trial's values so far and the study's other trials.</param>
    bool ShouldPrune(PruningContext context);
}

/// <summary>What a pruner sees.</summary>
/// <param name="Trial">The running trial with its values so far (the newest last).</param>
/// <param name="Step">The step just reported.</param>
/// <param name="Value">The value just reported.</param>
/// <param name="Trials">A snapshot of the study's trials.</param>
/// <param name="Direction">Whether lower or higher values are better.</param>
public sealed record PruningContext(TrialRecord Trial, int Step, double Value, IReadOnlyList<TrialRecord> Trials, Direction Direction);
