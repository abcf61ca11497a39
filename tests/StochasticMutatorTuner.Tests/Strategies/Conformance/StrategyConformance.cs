using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Strategies.Conformance;

/// <summary>
/// The laws every search strategy obeys (as Optuna's <c>testing</c> module does for samplers): valid candidates;
/// never a key the study has, running trials included; every distinct config exactly once, then exhaustion; the
/// same seed gives the same sequence; one strategy object serves a second study like a fresh one; and, for
/// mutating strategies, ordered parameters move one step. A strategy's test class derives from this and says how to
/// make the strategy.
/// </summary>
public abstract class StrategyConformance
{
    /// <summary>A fresh strategy with its defaults.</summary>
    protected abstract ISearchStrategy Create();

    /// <summary>
    /// The strategy configured so that each candidate of its mutation phase is one mutation away from a scored
    /// trial (e.g. a randomize-axis factor of 0); null for strategies that do not mutate (random, grid, TPE).
    /// </summary>
    protected virtual ISearchStrategy? CreateSingleStep() => null;

    /// <summary>How many random trials come before mutation starts in <see cref="CreateSingleStep"/>.</summary>
    protected virtual int RandomPhase => 10;

    /// <summary>False for strategies whose sequence does not depend on the seed (grid search).</summary>
    protected virtual bool UsesRandomness => true;

    public static TheoryData<string> SmallSpaces => new() { "conditional", "chain", "flat" };

    [Theory]
    [MemberData(nameof(SmallSpaces))]
    public void Every_distinct_config_is_proposed_exactly_once_then_the_space_is_exhausted(string name)
    {
        var space = SmallSpace(name);
        var all = space.EnumerateDistinct().Select(g => space.KeyOf(g)).ToHashSet();
        var study = new ConformanceStudy(Create(), space, seed: 5);
        var keys = study.Run(all.Count + 5, ConformanceStudy.HashScore);

        Assert.Equal(all.Count, keys.Count);
        Assert.Equal(all, keys.ToHashSet());
        Assert.Null(study.Ask());
        Assert.Null(study.Ask());
    }

    [Theory]
    [MemberData(nameof(SmallSpaces))]
    public void Running_trials_count_as_taken_and_exhaustion_still_comes_exactly_once(string name)
    {
        // Three trials are always running, as with three workers: finished in the order they were asked.
        var space = SmallSpace(name);
        var all = space.EnumerateDistinct().Select(g => space.KeyOf(g)).ToHashSet();
        var study = new ConformanceStudy(Create(), space, seed: 8);
        var running = new Queue<(int Number, Candidate Candidate)>();
        var seen = new HashSet<ConfigKey>();
        while (true)
        {
            var candidate = study.Ask();
            if (candidate is null)
            {
                break;
            }

            Assert.True(seen.Add(candidate.Key));
            running.Enqueue((study.Trials.Count - 1, candidate));
            if (running.Count == 3)
            {
                var (number, done) = running.Dequeue();
                study.Tell(number, ConformanceStudy.HashScore(done));
            }
        }

        Assert.Equal(all, seen);
        while (running.TryDequeue(out var left))
        {
            study.Tell(left.Number, ConformanceStudy.HashScore(left.Candidate));
        }

        Assert.Null(study.Ask());
    }

    [Fact]
    public void Trials_that_end_without_a_score_are_never_proposed_again()
    {
        var space = Spaces.Flat(3, 4);
        var study = new ConformanceStudy(Create(), space, seed: 3);
        var keys = new HashSet<ConfigKey>();
        for (int i = 0; i < 40; i++)
        {
            var candidate = study.Ask()!;
            Assert.True(keys.Add(candidate.Key));
            study.Tell(i, i % 3 == 0 ? null : ConformanceStudy.HashScore(candidate));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_sequence()
    {
        var first = new ConformanceStudy(Create(), Spaces.Flat(5, 6, ordered: true), seed: 11).Run(60, SumOfIndices);
        var again = new ConformanceStudy(Create(), Spaces.Flat(5, 6, ordered: true), seed: 11).Run(60, SumOfIndices);
        Assert.Equal(first, again);
        if (UsesRandomness)
        {
            var other = new ConformanceStudy(Create(), Spaces.Flat(5, 6, ordered: true), seed: 12).Run(60, SumOfIndices);
            Assert.NotEqual(first, other);
        }
    }

    [Fact]
    public void Maximizing_a_score_is_the_same_search_as_minimizing_its_negative()
    {
        var minimized = new ConformanceStudy(Create(), Spaces.Flat(5, 6, ordered: true), seed: 6).Run(60, SumOfIndices);
        var maximized = new ConformanceStudy(Create(), Spaces.Flat(5, 6, ordered: true), seed: 6, Direction.Maximize).Run(60, c => -SumOfIndices(c));
        Assert.Equal(minimized, maximized);
    }

    [Fact]
    public void A_strategy_object_reused_for_a_second_study_behaves_like_a_fresh_one()
    {
        var reused = Create();
        new ConformanceStudy(reused, Spaces.Flat(5, 6, ordered: true), seed: 1).Run(50, SumOfIndices);
        var second = new ConformanceStudy(reused, Spaces.Flat(5, 6, ordered: true), seed: 2).Run(50, SumOfIndices);
        var fresh = new ConformanceStudy(Create(), Spaces.Flat(5, 6, ordered: true), seed: 2).Run(50, SumOfIndices);
        Assert.Equal(fresh, second);
    }

    [Fact]
    public void With_one_mutation_per_step_ordered_parameters_move_one_step_from_a_scored_trial()
    {
        if (CreateSingleStep() is not { } strategy)
        {
            return; // Not a mutating strategy: the law does not apply (see CreateSingleStep).
        }

        // Six ordered parameters of 41 values and a bowl centred on index 20: improvements keep coming and the
        // optimum is far away, so the one-step neighbourhood of the parents is never exhausted within 50 trials
        // and no widening happens.
        var space = Spaces.Flat(6, 41, ordered: true);
        var study = new ConformanceStudy(strategy, space, seed: 4);
        for (int i = 0; i < RandomPhase + 50; i++)
        {
            var candidate = study.Ask()!;
            if (i >= RandomPhase)
            {
                int nearest = study.Trials.Take(i).Where(t => t.HasScore).Min(t => Distance(t.Genome, candidate.Genome));
                Assert.Equal(1, nearest);
            }

            study.Tell(i, candidate.Genome.Sum(v => Math.Abs(v - 20)));
        }
    }

    private static double SumOfIndices(Candidate candidate) => candidate.Genome.Sum();

    private static int Distance(IReadOnlyList<int> a, IReadOnlyList<int> b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Sum();

    private static SearchSpace SmallSpace(string name) => name switch
    {
        "conditional" => Spaces.Conditional(),
        "chain" => Spaces.Chain(),
        _ => Spaces.Flat(2, 3),
    };
}
