using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>Tabular regression: MLPs on the diabetes data, validation MSE on standardized targets.</summary>
internal sealed class DiabetesMlp : TableBenchmark<DiabetesMlpConfig>
{
    public override string Name => "mlp-diabetes";

    public override int Epochs => 20;

    protected override bool IsClassification => false;

    protected override (TabularDataset Train, TabularDataset Validation, string Description) LoadData()
    {
        var (train, validation) = BenchmarkData.Csv("diabetes.csv", TaskKind.Regression, 0.25, seed: 7);
        return (train, validation, $"diabetes (Efron et al. 2004, 442 rows, 10 features, regression): {train.Count} training / {validation.Count} validation rows (seed 7), standardized features and targets");
    }

    protected override nn.Module<Tensor, Tensor> Build(DiabetesMlpConfig c, TabularDataset train) =>
        MlpBuilder.Build(train.FeatureCount, c.Units, c.Activation, 0, 1);

    protected override TrainingOptions Options(DiabetesMlpConfig c) => new()
    {
        BatchSize = c.BatchSize,
        Optimizer = Kind(c.Optimizer),
        Momentum = c.Optimizer == BenchOptimizer.Sgd ? c.Momentum : 0,
        LearningRate = c.LearningRate,
        WeightDecay = c.WeightDecay ? c.Decay : 0,
    };
}
