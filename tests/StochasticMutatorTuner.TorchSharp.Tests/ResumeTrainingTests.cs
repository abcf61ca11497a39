using System.Collections.Concurrent;
using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Tests;

/// <summary>Real training paused by successive halving and resumed from its checkpoint by <see cref="Trainer.Fit"/>.</summary>
[Collection(TorchCollection.Name)]
public sealed class ResumeTrainingTests : IDisposable
{
    private const int Epochs = 6;
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-resume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Dropout 0.2: the resumed run must also continue the random generator (dropout masks) where it paused.
    private static Func<nn.Module<Tensor, Tensor>> Net(NetConfig c) => () => MlpBuilder.Build(13, c.Units, c.Activation, 0.2, 3);

    private static TrainingOptions Options(NetConfig c) => new()
    {
        Epochs = Epochs,
        BatchSize = c.BatchSize,
        LearningRate = c.LearningRate,
        Score = ScoreMetric.ValidationLoss,
        ScoreLastEpochs = 1,
        Seed = 7, // the same for every trial: the paused run and the reference start alike
        Device = CPU,
        Resumable = true,
    };

    [Fact]
    public async Task A_paused_and_resumed_run_reaches_the_losses_of_the_same_run_without_a_pause()
    {
        var (train, validation) = TrainingRuntimeTests.Wine();
        var good = new NetConfig { Layers = 1, Units = [16], Activation = "relu", BatchSize = 16, LearningRate = 3e-2 };
        var tested = new NetConfig { Layers = 1, Units = [8], Activation = "tanh", BatchSize = 16, LearningRate = 1e-2 };
        var slow = new[] { (4, "relu", 32), (4, "tanh", 32), (8, "relu", 32), (8, "tanh", 32), (16, "relu", 32), (16, "tanh", 32), (4, "relu", 16) }
            .Select(s => new NetConfig { Layers = 1, Units = [s.Item1], Activation = s.Item2, BatchSize = s.Item3, LearningRate = 1e-3 }).ToList();

        // Rung at epoch 2 only (η = 4); a rung decides from 2 values. The tested config is worse than the good one
        // there: paused. Once 8 values reached the rung (six slow ones after it), it is the second best, inside the
        // best quarter: promoted before the ninth trial is proposed, and trained to the end.
        var options = new TunerOptions
        {
            StorageUrl = "memory",
            MaxTrials = 9,
            Seed = 1,
            ArtifactFolder = _folder,
            Pruner = new SuccessiveHalvingPruner { MinResource = 2, MinResourceFraction = 0, ReductionFactor = 4, MinTrialsPerRung = 2 },
        };
        var tuner = new Tuner<NetConfig>(options);
        foreach (var config in slow.Prepend(tested).Prepend(good))
        {
            tuner.Enqueue(config);
        }

        var resumedFrom = new ConcurrentBag<(int Trial, int From)>();
        var result = await tuner.SearchAsync((config, trial) =>
        {
            if (trial.ResumeFromStep is { } from)
            {
                resumedFrom.Add((trial.Number, from));
            }

            return Trainer.Fit(Net(config), train, validation, Options(config), trial).Score;
        });

        var run = result.Trials[1];
        Assert.Equal(tested.GetConfigKey(), run.Key); // the enqueued order held
        Assert.Equal((1, 2), Assert.Single(resumedFrom));
        Assert.Equal(TrialState.Complete, run.State);

        var reference = Trainer.Fit(Net(tested), train, validation, Options(tested) with { Resumable = false });
        Assert.Equal(Enumerable.Range(1, Epochs), run.IntermediateValues.Select(v => v.Step));
        for (int i = 0; i < Epochs; i++)
        {
            // CPU kernels may sum in another order from run to run (TrainingRuntimeTests: same seed, 1e-5).
            Assert.True(Math.Abs(reference.Epochs[i].ValidationLoss - run.IntermediateValues[i].Value) < 1e-5,
                $"epoch {i + 1}: {run.IntermediateValues[i].Value} resumed, {reference.Epochs[i].ValidationLoss} without a pause");
        }

        Assert.Equal(reference.Score, run.Score!.Value, 1e-5);
        Assert.DoesNotContain(await result.Study.Artifacts.ListAsync(1), a => a.Name == Artifacts.ArtifactNames.Checkpoint); // deleted on completion
    }
}
