using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>What every benchmark shares: the typed space, a fixed train/validation split, training on the CPU.</summary>
internal abstract class TableBenchmark<TConfig> : ITableBenchmark
    where TConfig : ITunable<TConfig>
{
    private TabularDataset? _train;
    private TabularDataset? _validation;

    public abstract string Name { get; }

    public string SpaceName => typeof(TConfig).Name;

    public SearchSpace Space => TConfig.Space;

    public string Task => IsClassification ? "classification" : "regression";

    public string Data { get; private set; } = "";

    public abstract int Epochs { get; }

    protected abstract bool IsClassification { get; }

    public void Load()
    {
        (_train, _validation, Data) = LoadData();
    }

    public (double[] Loss, double[]? Accuracy) Train(int[] genome, int seed)
    {
        var train = _train ?? throw new InvalidOperationException("Load() first.");
        var config = TConfig.FromGenome(genome);
        var options = Options(config) with { Epochs = Epochs, ScoreLastEpochs = 1, Seed = seed, Device = CPU };
        var result = GcFree.Run(() => Trainer.Fit(() => Build(config, train), train, _validation!, options));
        return Curves.From(result, IsClassification);
    }

    /// <summary>The training and validation sets (features standardized or scaled) and a sentence about them.</summary>
    protected abstract (TabularDataset Train, TabularDataset Validation, string Description) LoadData();

    protected abstract nn.Module<Tensor, Tensor> Build(TConfig config, TabularDataset train);

    /// <summary>The config's optimizer settings; epochs, seed and device are the benchmark's.</summary>
    protected abstract TrainingOptions Options(TConfig config);

    protected static OptimizerKind Kind(BenchOptimizer optimizer) => optimizer switch
    {
        BenchOptimizer.Sgd => OptimizerKind.Sgd,
        BenchOptimizer.Adam => OptimizerKind.Adam,
        _ => OptimizerKind.AdamW,
    };
}
