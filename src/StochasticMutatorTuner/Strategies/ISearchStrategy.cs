using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// Proposes the next config to evaluate (the "ask" half of ask/tell; the study records the "tell").
/// </summary>
/// <remarks>
/// <b>Thread-safety:</b> a study calls its strategy from one thread at a time. A strategy may keep state
/// between calls (e.g. an enumeration position) but must not assume it sees every trial through
/// <see cref="OnTrialFinished"/>: other workers write to the same study.
/// </remarks>
public interface ISearchStrategy
{
    /// <summary>A short name for logs and benchmark tables.</summary>
    string Name { get; }

    /// <summary>
    /// A candidate whose key the study has not seen (<see cref="StrategyContext.IsTaken"/> is false), or null
    /// when every config of the space has been tried. Must always return: never loop forever.
    /// </summary>
    Candidate? Propose(StrategyContext context);

    /// <summary>Called after a trial of this process finished; the default does nothing.</summary>
    void OnTrialFinished(TrialRecord trial, StrategyContext context)
    {
    }
}
