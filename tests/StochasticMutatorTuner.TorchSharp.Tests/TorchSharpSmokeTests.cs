using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Tests;

/// <summary>libtorch loads (on Debian 12 only thanks to the native-library fix) and a tiny network learns.</summary>
[Collection(TorchCollection.Name)]
public class TorchSharpSmokeTests
{
    [Fact]
    public void Libtorch_loads_and_computes()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a.mul(2).sum();
        Assert.Equal(12f, b.item<float>());
    }

    [Fact]
    public void A_tiny_network_trained_on_cpu_lowers_its_loss()
    {
        var data = TabularDataset.LoadCsv(TestDataFiles.Path("breast_cancer.csv"), TaskKind.Classification);
        var (train, validation) = data.Split(0.25, seed: 3);
        var (mean, std) = train.FeatureStatistics();

        var result = Trainer.Fit(
            () => MlpBuilder.Build(data.FeatureCount, new[] { 8 }, "relu", 0, data.ClassCount),
            train.Standardize(mean, std),
            validation.Standardize(mean, std),
            new TrainingOptions { Epochs = 5, BatchSize = 32, LearningRate = 1e-2, Seed = 1, ScoreLastEpochs = 1, Device = CPU });

        Assert.Equal(5, result.Epochs.Count);
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss * 0.8,
            $"train loss went from {result.Epochs[0].TrainLoss} to {result.Epochs[^1].TrainLoss}");
        Assert.True(result.Epochs[^1].ValidationAccuracy > 0.85, $"validation accuracy {result.Epochs[^1].ValidationAccuracy}");
    }
}
