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
    public void A_paused_trial_that_completes_after_its_promotion_is_taken_again_with_its_score()
    {
        var space = Spaces.Conditional();
        var study = new ConformanceStudy(new RandomSearch(), space, seed: 3);
        study.Run(12, ConformanceStudy.HashScore);
        var best = study.Trials.Where(t => t.HasScore).MinBy(t => t.Score)!;
        var paused = best with { State = TrialState.Pruned, Score = null, PrunedStep = 1, Paused = true };

        var promoted = new ParzenScreen();
        var direct = new ParzenScreen();
        var pausedOnly = new ParzenScreen();
        foreach (var trial in study.Trials)
        {
            if (trial.Number == best.Number)
            {
                promoted.Add(study.Context, paused);
                pausedOnly.Add(study.Context, paused);
            }
            else
            {
                pausedOnly.Add(study.Context, trial);
            }

            promoted.Add(study.Context, trial);
            direct.Add(study.Context, trial);
        }

        promoted.Add(study.Context, best); // told again: taken once
        var all = space.EnumerateDistinct().Select(g => new ConditionalSpaceResolver(space).Resolve(g, new Random(1))).ToList();
        Assert.Equal(all.Select(direct.Rater()!), all.Select(promoted.Rater()!));
        Assert.NotEqual(all.Select(direct.Rater()!), all.Select(pausedOnly.Rater()!)); // the best trial's score moves the model
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_density_is_a_distribution_that_weighs_the_observed_values_as_the_formula_does(bool ordered)
    {
        var random = new Random(11);
        for (int k = 1; k <= 12; k++)
        {
            var counts = Enumerable.Range(0, k).Select(_ => random.Next(4)).ToArray();
            var density = ParzenScreen.Density(counts, ordered);
            Assert.Equal(1.0, density.Sum(), 12);

            // The direct formula: a uniform prior of weight 1, one kernel of weight 1 per observation.
            int n = counts.Sum();
            for (int v = 0; v < k; v++)
            {
                double mass = 1.0 / k;
                for (int c = 0; c < k; c++)
                {
                    mass += !ordered ? (c == v ? counts[c] : 0) : counts[c] * Gauss(v - c) / Enumerable.Range(0, k).Sum(u => Gauss(u - c));
                }

                Assert.Equal(mass / (1 + n), density[v], 14);
            }
        }

        static double Gauss(int d) => Math.Exp(-0.5 * d * d);
    }
}
