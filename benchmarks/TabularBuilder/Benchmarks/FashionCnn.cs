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

    protected override (TabularDataset Train, TabularDataset Validation, string Description) LoadData()
    {
        var (train, validation) = BenchmarkData.FashionSubset(FashionMlp.Rows, 1.0 / 3, seed: 1);
        return (train, validation, $"Fashion-MNIST: the first {FashionMlp.Rows} training images, averaged down to 14×14, {train.Count} training / {validation.Count} validation (stratified, seed 1)");
    }

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
