using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tests.Strategies.Conformance;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Strategies;

public class ParzenScreenTests
{
    [Theory]
    [InlineData(Direction.Minimize)]
    [InlineData(Direction.Maximize)]
    public void Values_of_the_best_trials_rate_higher_than_values_of_the_others(Direction direction)
    {
        // Two unordered parameters; the score depends only on p0 (value 2 is best), p1 is noise.
        var space = Spaces.Flat(2, 5);
        var study = new ConformanceStudy(new RandomSearch(), space, seed: 1, direction);
        double sign = direction == Direction.Minimize ? 1 : -1;
        study.Run(25, c => sign * (Math.Abs(c.Genome[0] - 2) + 0.01 * c.Genome[1]));
        var screen = new ParzenScreen();
        screen.CatchUp(study.Context, study.Trials);
        var rate = screen.Rater()!;

        var resolver = new ConditionalSpaceResolver(space);
        double Rating(int p0) => Enumerable.Range(0, 5).Average(p1 => rate(resolver.Resolve(new[] { p0, p1 }, new Random(1))));
        Assert.True(Rating(2) > Rating(0), $"{Rating(2)} vs {Rating(0)}");
        Assert.True(Rating(2) > Rating(4), $"{Rating(2)} vs {Rating(4)}");
    }

    [Fact]
    public void Taking_trials_in_one_go_or_one_at_a_time_gives_the_same_model_and_running_trials_wait()
    {
        var space = Spaces.Conditional();
        var study = new ConformanceStudy(new RandomSearch(), space, seed: 3);
        study.Run(12, ConformanceStudy.HashScore);
        var running = study.Ask()!;

        var batch = new ParzenScreen();
        batch.CatchUp(study.Context, study.Trials);
        var single = new ParzenScreen();
        foreach (var trial in study.Trials.Reverse())
        {
            single.Add(study.Context, trial);
        }

        var all = space.EnumerateDistinct().Select(g => new ConditionalSpaceResolver(space).Resolve(g, new Random(1))).ToList();
        Assert.Equal(all.Select(batch.Rater()!), all.Select(single.Rater()!));

        // The running trial finishes with the best score: catching up again takes it in, exactly once.
        study.Tell(12, -1);
        batch.CatchUp(study.Context, study.Trials);
        batch.CatchUp(study.Context, study.Trials);
        single.Add(study.Context, study.Trials[12]);
        single.Add(study.Context, study.Trials[12]);
        Assert.Equal(all.Select(batch.Rater()!), all.Select(single.Rater()!));
        Assert.NotEqual(all.Select(batch.Rater()!), all.Select(new Func<Candidate, double>(_ => 0)));
    }

    [Fact]
    public void With_fewer_than_two_scored_trials_there_is_no_model()
    {
        var space = Spaces.Flat(2, 3);
        var study = new ConformanceStudy(new RandomSearch(), space, seed: 2);
        var screen = new ParzenScreen();
        Assert.Null(screen.Rater());
        study.Run(1, _ => 1);
        screen.CatchUp(study.Context, study.Trials);
        Assert.Null(screen.Rater());
        study.Run(1, _ => 2);
        screen.CatchUp(study.Context, study.Trials);
        Assert.NotNull(screen.Rater());
    }
}
