using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>Image classification with MLPs: a 14×14 Fashion-MNIST subset.</summary>
internal sealed class FashionMlp : TableBenchmark<FashionMlpConfig>
{
    public const int Rows = 3000;

    public override string Name => "mlp-fashion-mnist";

    public override int Epochs => 8;

    protected override bool IsClassification => true;

    protected override (TabularDataset Train, TabularDataset Validation, string Description) LoadData()
    {
        var (train, validation) = BenchmarkData.FashionSubset(Rows, 1.0 / 3, seed: 1);
        return (train, validation, $"Fashion-MNIST: the first {Rows} training images, averaged down to 14×14, {train.Count} training / {validation.Count} validation (stratified, seed 1)");
    }

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
