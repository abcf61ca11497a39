using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>Tabular classification: MLPs on the breast-cancer data, 20 epochs (slow starters exist).</summary>
internal sealed class BreastCancerMlp : TableBenchmark<BreastCancerMlpConfig>
{
    public override string Name => "mlp-breast-cancer";

    public override int Epochs => 20;

    protected override bool IsClassification => true;

    protected override (TabularDataset Train, TabularDataset Validation, string Description) LoadData()
    {
        var (train, validation) = BenchmarkData.Csv("breast_cancer.csv", TaskKind.Classification, 0.25, seed: 7);
        return (train, validation, $"breast-cancer (UCI, 569 rows, 30 features, 2 classes): {train.Count} training / {validation.Count} validation rows, stratified split (seed 7), standardized");
    }

    protected override nn.Module<Tensor, Tensor> Build(BreastCancerMlpConfig c, TabularDataset train) =>
        MlpBuilder.Build(train.FeatureCount, c.Units, c.Activation, c.Dropout ? c.DropoutRate : 0, 2);

    protected override TrainingOptions Options(BreastCancerMlpConfig c) => new()
    {
        BatchSize = c.BatchSize,
        Optimizer = Kind(c.Optimizer),
        Momentum = c.Optimizer == BenchOptimizer.Sgd ? c.Momentum : 0,
        LearningRate = c.LearningRate,
    };
}
