using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>The outcome of a typed search: <see cref="SearchResult"/> plus the best config as the typed object.</summary>
/// <typeparam name="TConfig">The config type.</typeparam>
public sealed class SearchResult<TConfig> : SearchResult
    where TConfig : ITunable<TConfig>
{
    /// <summary>Creates a result.</summary>
    public SearchResult(SearchResult result)
        : base((result ?? throw new ArgumentNullException(nameof(result))).Study, result.StopReason, result.TrialsThisRun, result.Elapsed)
    {
        BestConfig = BestTrial is null ? default : ConfigOf(BestTrial);
    }

    /// <summary>The best config, or null when no trial has a score.</summary>
    public TConfig? BestConfig { get; }

    /// <summary>The typed config of any trial of the study.</summary>
    public TConfig ConfigOf(TrialRecord trial) => Decode(trial);

    internal static TConfig Decode(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return TConfig.FromGenome(trial.Genome.ToArray());
    }
}
