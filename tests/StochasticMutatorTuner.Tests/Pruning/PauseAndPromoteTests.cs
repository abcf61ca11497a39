using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Pruning;

/// <summary>
/// Pause and promote in one process: a resumable objective that checkpoints is paused instead of stopped, promoted at
/// most once per pause, resumed from its checkpoint, and its reports stay one contiguous curve.
/// </summary>
public sealed class PauseAndPromoteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-pause-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private TunerOptions Options(IPruner pruner, int maxTrials = 30, int slots = 3) => new()
    {
        StorageUrl = "memory",
        StudyName = "pause",
        Seed = 5,
        MaxTrials = maxTrials,
        MaxConcurrentTrials = slots,
        Pruner = pruner,
        ArtifactFolder = _folder,
    };

    /// <summary>First rung at epoch 1, rungs 1, 3 (and 9, the last step, never judged).</summary>
    private static SuccessiveHalvingPruner Halving() => new() { MinResourceFraction = 0 };

    /// <summary>With one slot the search is deterministic (seeded, in memory): pauses, promotions and completions after a promotion happen; with three, slots race for the same promotions and the laws must hold whatever the timing.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Paused_trials_are_promoted_at_most_once_per_pause_and_resume_from_their_checkpoint_with_one_contiguous_curve(int slots)
    {
        var log = new ResumableLog();
        var result = await new Tuner<SmallConfig>(Options(Halving(), slots: slots)).SearchAsync(ResumableCurve.Objective(log));

        if (slots == 1)
        {
            Assert.NotEmpty(log.Resumes); // the laws below are about something
            Assert.Contains(result.Trials, t => t.State == TrialState.Complete && log.Resumes.Any(r => r.Trial == t.Number));
            Assert.Contains(log.Stops, s => s.Paused);
        }

        // Each pause (trial, step) resumed at most once, from a checkpoint of exactly that step, with the values up to it.
        Assert.Equal(log.Resumes.Count, log.Resumes.Select(r => (r.Trial, r.From)).Distinct().Count());
        Assert.All(log.Resumes, r => Assert.Equal((r.From, r.From), (r.Checkpoint, r.Values)));
        Assert.All(log.Resumes, r => Assert.Contains((r.Trial, r.From, true), log.Stops));

        // Every step of every trial was trained and reported once; the stored curve is 1..last without a gap.
        Assert.Equal(log.Reports.Count, log.Reports.Distinct().Count());
        foreach (var trial in result.Trials)
        {
            Assert.Equal(Enumerable.Range(1, trial.IntermediateValues.Count), trial.IntermediateValues.Select(v => v.Step));
            Assert.Equal(log.Reports.Where(r => r.Trial == trial.Number).Select(r => r.Step).Order(), trial.IntermediateValues.Select(v => v.Step));
        }

        // A promoted trial that went on to complete has its score; paused ones keep their checkpoint, the others have none.
        Assert.DoesNotContain(result.Trials, t => t.State == TrialState.Running);
        var checkpoints = (await result.Study.Artifacts.ListAsync()).Where(a => a.Name == ArtifactNames.Checkpoint).Select(a => a.TrialNumber).Order();
        Assert.Equal(result.Trials.Where(t => t.Paused).Select(t => t.Number), checkpoints);
        Assert.All(result.Trials.Where(t => t.Paused), t => Assert.Equal("paused at step " + t.PrunedStep, t.Error));
        Assert.Equal(result.Trials.Sum(t => t.IntermediateValues.Count), log.Reports.Count);
        Assert.Equal(log.Reports.Count, result.Study.TotalSteps); // a resumed trial adds only its new epochs
    }

    [Fact]
    public async Task A_resumed_trial_that_reports_its_paused_steps_again_keeps_the_values_of_its_first_run()
    {
        int resumed = 0;
        var result = await new Tuner<SmallConfig>(Options(Halving(), slots: 1)).SearchAsync(async (config, trial) =>
        {
            trial.MaxStep = ResumableCurve.Epochs;
            trial.Resumable = true;
            int pausedAt = trial.ResumeFromStep ?? 0;
            resumed += pausedAt > 0 ? 1 : 0;
            double value = 0;
            for (int epoch = 1; epoch <= ResumableCurve.Epochs; epoch++) // from the start: retraining, reporting it all
            {
                value = ResumableCurve.Value(config, trial.Key.ToString(), epoch) + (epoch <= pausedAt ? 100 : 0);
                await trial.SaveCheckpointAsync(epoch, (s, ct) => s.WriteAsync(new byte[] { (byte)epoch }, ct).AsTask());
                await trial.ReportAsync(epoch, value);
            }

            return (double?)value;
        });

        Assert.True(resumed > 0, "some trial should have been promoted");
        Assert.DoesNotContain(result.Trials, t => t.State == TrialState.Failed); // a report at or below the pause is no error
        Assert.All(result.Trials, t => Assert.Equal(Enumerable.Range(1, t.IntermediateValues.Count), t.IntermediateValues.Select(v => v.Step)));
        Assert.All(result.Trials.SelectMany(t => t.IntermediateValues), v => Assert.True(v.Value < 100, $"step {v.Step} stored a value reported again after the pause"));
    }

    [Fact]
    public async Task Without_resumable_a_checkpoint_or_successive_halving_a_stop_is_final()
    {
        foreach (var (pruner, checkpoint, resumable) in new (IPruner, bool, bool)[]
        {
            (Halving(), true, false),   // not resumable
            (Halving(), false, true),   // resumable, but no checkpoint at the step it is stopped at
            (new MedianPruner { WarmupSteps = 0, WarmupFraction = 0, StartupTrials = 1, MinTrialsAtStep = 1 }, true, true), // a pruner that does not promote
        })
        {
            Directory.Delete(_folder, recursive: true);
            Directory.CreateDirectory(_folder);
            var log = new ResumableLog();
            var result = await new Tuner<SmallConfig>(Options(pruner, maxTrials: 12)).SearchAsync(ResumableCurve.Objective(log, checkpoint, resumable));

            Assert.Contains(result.Trials, t => t.State == TrialState.Pruned); // stops happened
            Assert.DoesNotContain(result.Trials, t => t.Paused);
            Assert.All(log.Stops, s => Assert.False(s.Paused));
            Assert.Empty(log.Resumes);
            Assert.DoesNotContain(await result.Study.Artifacts.ListAsync(), a => a.Name == ArtifactNames.Checkpoint); // deleted with their trials
        }
    }

    [Fact]
    public async Task A_checkpoint_needs_an_artifact_folder_and_its_name_is_reserved()
    {
        var options = new TunerOptions { StorageUrl = "memory", StudyName = "no-folder", MaxTrials = 1 };
        string? message = null;
        string? reserved = null;
        await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            message = (await Assert.ThrowsAsync<InvalidOperationException>(() => trial.SaveCheckpointAsync(1, (s, ct) => Task.CompletedTask))).Message;
            reserved = (await Assert.ThrowsAsync<ArgumentException>(() => trial.SaveArtifactAsync(ArtifactNames.Checkpoint, new MemoryStream(new byte[] { 1 })))).Message;
            return config.Loss();
        });

        Assert.Contains("TunerOptions.ArtifactFolder", message);
        Assert.Contains("reserved", reserved);
        Assert.NotNull(ArtifactNames.Problem("checkpoint"));
        Assert.Null(ArtifactNames.Problem("checkpoint.bin"));
    }

    [Fact]
    public async Task A_thrown_pause_the_pruner_did_not_decide_is_recorded_as_a_plain_prune()
    {
        var result = await new Tuner<SmallConfig>(Options(Halving(), maxTrials: 2)).SearchAsync(async (config, trial) =>
        {
            trial.Resumable = true;
            await trial.SaveCheckpointAsync(1, (s, ct) => s.WriteAsync(new byte[] { 1 }, ct).AsTask());
            await trial.ReportAsync(1, config.Loss());
            throw new TrialPrunedException(1, paused: true);
        });

        Assert.All(result.Trials, t => Assert.Equal((TrialState.Pruned, false), (t.State, t.Paused)));
    }
}
