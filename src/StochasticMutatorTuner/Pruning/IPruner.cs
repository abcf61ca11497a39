namespace StochasticMutatorTuner.Pruning;

/// <summary>Decides, after a trial reports a per-step value, whether the trial is hopeless and should stop.</summary>
/// <remarks>
/// <para>The engine asks after every finite report, having refreshed the study's view first (so the pruner judges
/// against every worker's reports), except at the trial's last step (<see cref="PruningContext.MaxStep"/>): a
/// trial whose training is done is never stopped, whatever the pruner would say.</para>
/// <para><b>Thread-safety:</b> may be called from several running trials at once; implementations keep no mutable state.</para>
/// </remarks>
public interface IPruner
{
    /// <summary>True when the running trial should stop now.</summary>
    /// <param name="context">The trial's values so far and the study's other trials.</param>
    bool ShouldPrune(PruningContext context);
}
