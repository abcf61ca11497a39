using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Cli.Dashboard;

/// <summary>
/// A study as the dashboard last read it: its trials, and for each the dashboard's own change counter at which
/// it last changed. Browsers ask for "what changed after counter N"; the counter is local to this process and
/// only moves forward, so a trial that another worker commits late (with an older storage revision) is still
/// sent.
/// </summary>
/// <param name="Study">The study.</param>
/// <param name="Trials">Its trials, by number.</param>
/// <param name="ChangedAt">Per trial (same order): the change counter at which this process last saw it change.</param>
/// <param name="Sequence">The highest change counter so far.</param>
internal sealed record StudySnapshot(Study Study, IReadOnlyList<TrialRecord> Trials, IReadOnlyList<long> ChangedAt, long Sequence)
{
    /// <summary>The study as it is now, every trial stamped 1 (for a report, which is read once).</summary>
    public static StudySnapshot Of(Study study)
    {
        var trials = study.Trials;
        return new StudySnapshot(study, trials, trials.Select(_ => 1L).ToArray(), 1);
    }

    /// <summary>The trials that changed after <paramref name="since"/>.</summary>
    public IEnumerable<TrialRecord> ChangedSince(long since) => Trials.Where((_, i) => ChangedAt[i] > since);
}
