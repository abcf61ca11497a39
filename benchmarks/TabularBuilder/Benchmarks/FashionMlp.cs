using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>Image classification with MLPs: a 14×14 Fashion-MNIST subset.</summary>
internal sealed class FashionMlp : TableBenchmark<FashionMlpConfig>
{
    public override string Name => "mlp-fashion-mnist";

    public override int Epochs => 8;

    protected override bool IsClassification => true;

    protected override (TabularDataset Train, TabularDataset Validation, string Description) LoadData() => BenchmarkData.FashionSubset();

    protected override nn.Module<Tensor, Tensor> Build(FashionMlpConfig c, TabularDataset train) =>
        MlpBuilder.Build(train.FeatureCount, c.Units, c.Activation, c.Dropout ? c.DropoutRate : 0, 10);

    protected override TrainingOptions Options(FashionMlpConfig c) => new()
    {
        BatchSize = c.BatchSize,
        Optimizer = Kind(c.Optimizer),
        Momentum = 0.9,
        LearningRate = c.LearningRate,
    };
}
