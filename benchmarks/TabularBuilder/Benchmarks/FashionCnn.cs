using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>Image classification with small CNNs: the same 14×14 Fashion-MNIST subset as <see cref="FashionMlp"/>.</summary>
internal sealed class FashionCnn : TableBenchmark<FashionCnnConfig>
{
    public override string Name => "cnn-fashion-mnist";

    public override int Epochs => 6;

    protected override bool IsClassification => true;

    protected override (TabularDataset Train, TabularDataset Validation, string Description) LoadData() => BenchmarkData.FashionSubset();

    protected override nn.Module<Tensor, Tensor> Build(FashionCnnConfig c, TabularDataset train) =>
        CnnBuilder.Build(14, c.Channels, c.DenseUnits, c.Activation, c.Dropout ? 0.25 : 0, 10);

    protected override TrainingOptions Options(FashionCnnConfig c) => new()
    {
        BatchSize = c.BatchSize,
        Optimizer = Kind(c.Optimizer),
        Momentum = 0.9,
        LearningRate = c.LearningRate,
    };
}
