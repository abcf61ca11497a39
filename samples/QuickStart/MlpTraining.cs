using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using static TorchSharp.torch;

namespace QuickStart;

/// <summary>
/// How the quick start builds and trains the model of one config. The training-overhead benchmark
/// (benchmarks/TrainingOverhead) times this same training inside and outside the tuner.
/// </summary>
public static class MlpTraining
{
    /// <summary>The MLP of <paramref name="config"/> for <paramref name="data"/>'s features and classes.</summary>
    public static nn.Module<Tensor, Tensor> Build(MlpConfig config, TabularDataset data)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        return MlpBuilder.Build(data.FeatureCount, config.Units, config.Activation, config.Dropout ? config.DropoutRate : 0, data.ClassCount);
    }

    /// <summary>15 epochs of <paramref name="config"/>'s optimizer and batch size, scored by the mean validation loss of the last three.</summary>
    public static TrainingOptions Options(MlpConfig config, int seed, KeepModels keepModels)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new TrainingOptions
        {
            Epochs = 15,
            BatchSize = config.BatchSize,
            Optimizer = config.Optimizer switch { Optimizer.Sgd => OptimizerKind.Sgd, Optimizer.Adam => OptimizerKind.Adam, _ => OptimizerKind.AdamW },
            Momentum = config.Optimizer == Optimizer.Sgd ? config.Momentum : 0,
            LearningRate = config.LearningRate,
            Score = ScoreMetric.ValidationLoss,
            ScoreLastEpochs = 3,
            Seed = seed,
            KeepModels = keepModels,
        };
    }
}
