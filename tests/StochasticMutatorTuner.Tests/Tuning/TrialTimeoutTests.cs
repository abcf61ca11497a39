using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Tuning;

public sealed class TrialTimeoutTests
{
    private static TunerOptions Options(int maxTrials) => new() { StorageUrl = "memory", MaxTrials = maxTrials, Seed = 3, MaxConsecutiveFailures = null };

    [Fact]
    public async Task A_hung_objective_that_ignores_its_token_is_abandoned_as_timed_out_and_the_search_goes_on()
    {
        var options = Options(8);
        options.TrialTimeout = TimeSpan.FromMilliseconds(300);
        options.AbandonAfter = TimeSpan.FromMilliseconds(200);
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            if (trial.Number == 2)
            {
                await Task.Delay(Timeout.Infinite, CancellationToken.None); // hangs, deaf to its token
            }

            return config.Loss();
        });

        var hung = result.Trials[2];
        Assert.Equal((TrialState.Failed, TrialFailureKind.TimedOut), (hung.State, hung.FailureKind));
        Assert.Contains("timed out after 0.3 s", hung.Error);
        Assert.Contains("abandoned", hung.Error);
        Assert.Equal(StopReason.MaxTrialsReached, result.StopReason);
        Assert.Equal(8, result.Trials.Count(t => t.State == TrialState.Complete));
    }

    [Fact]
    public async Task An_objective_that_honours_its_token_fails_as_timed_out_without_being_abandoned()
    {
        var options = Options(4);
        options.TrialTimeout = TimeSpan.FromMilliseconds(200);
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            if (trial.Number == 1)
            {
                await Task.Delay(Timeout.Infinite, trial.CancellationToken);
            }

            return config.Loss();
        });

        var slow = result.Trials[1];
        Assert.Equal((TrialState.Failed, TrialFailureKind.TimedOut), (slow.State, slow.FailureKind));
        Assert.DoesNotContain("abandoned", slow.Error);
        Assert.Equal(4, result.Trials.Count(t => t.State == TrialState.Complete));
    }

    [Fact]
    public async Task The_search_timeout_cancels_running_trials()
    {
        var options = Options(100);
        options.Timeout = TimeSpan.FromMilliseconds(400);
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            await Task.Delay(trial.Number == 0 ? 10 : Timeout.Infinite, trial.CancellationToken);
            return config.Loss();
        });

        Assert.Equal(StopReason.TimeoutReached, result.StopReason);
        var cancelled = Assert.Single(result.Trials, t => t.State == TrialState.Failed);
        Assert.Equal(TrialFailureKind.Cancelled, cancelled.FailureKind);
        Assert.Contains("time limit", cancelled.Error);
        Assert.DoesNotContain(result.Trials, t => t.State == TrialState.Running);
    }

    [Fact]
    public void A_non_positive_trial_timeout_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new TunerOptions { TrialTimeout = TimeSpan.Zero }.Validate());
        Assert.Contains(nameof(TunerOptions.TrialTimeout), error.Message);
    }
}
