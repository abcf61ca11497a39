using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>Drives a strategy directly, without a study: a taken-key set, a trial count and a best trial.</summary>
internal sealed class FakeStudy
{
    public FakeStudy(SearchSpace space, int seed = 1)
    {
        Space = space;
        Random = new Random(seed);
        Context = new StrategyContext(new ConditionalSpaceResolver(space), Random, Direction.Minimize, Taken.Contains, () => TrialCount, () => Best)
        {
            PrunedCountSource = () => PrunedCount,
        };
    }

    public SearchSpace Space { get; }

    public Random Random { get; }

    public HashSet<ConfigKey> Taken { get; } = new();

    public int TrialCount { get; set; }

    /// <summary>How many of <see cref="TrialCount"/> were pruned.</summary>
    public int PrunedCount { get; set; }

    public TrialRecord? Best { get; set; }

    public StrategyContext Context { get; }

    public void Take(Candidate candidate)
    {
        Taken.Add(candidate.Key);
        TrialCount++;
    }

    public static TrialRecord Record(SearchSpace space, int[] genome, double score, int number = 0) => new()
    {
        Number = number,
        Key = space.KeyOf(genome),
        Genome = genome,
        Params = space.ActiveValues(genome),
        State = TrialState.Complete,
        Score = score,
        StartedAt = DateTimeOffset.UnixEpoch,
    };
}
