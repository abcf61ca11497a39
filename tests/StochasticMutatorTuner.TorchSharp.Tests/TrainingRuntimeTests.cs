using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Tests;

public partial class NetConfig
{
    [Param(1, 2, Ordered = true)] public int Layers { get; set; }
    [Param(4, 8, 16, Ordered = true), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];
    [Param("relu", "tanh")] public string Activation { get; set; } = "relu";
    [Param(16, 32, Ordered = true)] public int BatchSize { get; set; }
    [Param(1e-3, 1e-2, 3e-2, Ordered = true)] public double LearningRate { get; set; }
}

[Collection(TorchCollection.Name)]
public class TrainingRuntimeTests
{
    internal static (TabularDataset Train, TabularDataset Validation) Wine()
    {
        var data = TabularDataset.LoadCsv(TestDataFiles.Path("wine.csv"), TaskKind.Classification);
        var (train, validation) = data.Split(0.3, seed: 2);
        var (mean, std) = train.FeatureStatistics();
        return (train.Standardize(mean, std), validation.Standardize(mean, std));
    }

    private static TrainingOptions Options(NetConfig c, int seed, int epochs = 6) => new()
    {
        Epochs = epochs,
        BatchSize = c.BatchSize,
        LearningRate = c.LearningRate,
        Score = ScoreMetric.ValidationAccuracy,
        ScoreLastEpochs = 2,
        Seed = seed,
        Device = CPU,
    };

    /// <summary>
    /// TorchSharp counts every tensor wrapper it creates and every one disposed. Creating a parameter moves the
    /// native handle out of the source tensor's wrapper, which is then never counted as disposed although it holds
    /// nothing: so after a trial the count may exceed the baseline by exactly the number of parameters the trial's
    /// model had. Anything more (a batch, a loss, an evaluation, optimizer state) would be a real leak.
    /// </summary>
    [Fact]
    public async Task No_tensor_outlives_a_trial_over_many_trials()
    {
        var (train, validation) = Wine();
        var leftovers = new List<(long Delta, int Parameters, int Epochs)>();
        var options = new TunerOptions { StorageUrl = "memory", MaxTrials = 40, Seed = 1, Direction = Direction.Maximize };
        var result = await new Tuner<NetConfig>(options).SearchAsync((config, trial) =>
        {
            long before = Tensor.TotalCount;
            int parameters = 0;
            int epochs = 2 + trial.Number % 5; // different numbers of batches and evaluations per trial
            var score = Trainer.Fit(
                () =>
                {
                    var model = MlpBuilder.Build(13, config.Units, config.Activation, 0, 3);
                    parameters = model.parameters().Count();
                    return model;
                },
                train, validation, Options(config, trial.Seed, epochs) with { ScoreLastEpochs = 1 }, trial).Score;
            leftovers.Add((Tensor.TotalCount - before, parameters, epochs));
            return score;
        });

        Assert.Equal(40, result.Trials.Count(t => t.State == TrialState.Complete));
        Assert.All(leftovers, l => Assert.Equal(l.Parameters, l.Delta));
        Assert.Contains(leftovers, l => l.Epochs == 6);
    }

    [Fact]
    public async Task Process_memory_stays_flat_over_a_hundred_trials_of_a_large_network()
    {
        // 784 → 2048 → 10 holds 1.6 M parameters (6.4 MB, about 19 MB with Adam's state): a leak of the model or the
        // optimizer per trial would add gigabytes over 120 trials.
        var random = new Random(1);
        var features = Enumerable.Range(0, 64 * 784).Select(_ => (float)random.NextDouble()).ToArray();
        var data = new TabularDataset(features, Enumerable.Range(0, 64).Select(i => (float)(i % 10)).ToArray(), 784, TaskKind.Classification);
        long afterWarmup = 0;
        var options = new TunerOptions { StorageUrl = "memory", MaxTrials = 120, Seed = 2, Direction = Direction.Maximize };
        await new Tuner<NetConfig>(options).SearchAsync((config, trial) =>
        {
            var score = Trainer.Fit(() => MlpBuilder.Build(784, new[] { 2048 }, config.Activation, 0, 10), data, data,
                new TrainingOptions { Epochs = 1, BatchSize = 32, ScoreLastEpochs = 1, Seed = trial.Seed, Device = CPU }, trial).Score;
            if (trial.Number == 19)
            {
                afterWarmup = ResidentBytes();
            }

            return score;
        });

        long growth = ResidentBytes() - afterWarmup;
        Assert.True(growth < 400L << 20, $"resident memory grew by {growth >> 20} MB over 100 trials");
    }

    [Fact]
    public void Tensors_are_released_when_a_run_is_cancelled_or_fails()
    {
        var (train, validation) = Wine();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        SettleFinalizers(); // earlier tests' models, finalized during this count, would lower it (seen once: 2 for 4)
        long before = Tensor.TotalCount;
        int parameters = 0;
        Assert.Throws<OperationCanceledException>(() => Trainer.Fit(
            () =>
            {
                var model = MlpBuilder.Build(13, new[] { 8 }, "relu", 0, 3);
                parameters = model.parameters().Count();
                return model;
            },
            train, validation, new TrainingOptions { Epochs = 2, ScoreLastEpochs = 1, Device = CPU }, null, cancel.Token));
        Assert.Equal(parameters, Tensor.TotalCount - before); // see above for why parameters count

        SettleFinalizers();
        before = Tensor.TotalCount;
        Assert.Throws<ArgumentException>(() =>
            Trainer.Fit(() => MlpBuilder.Build(13, new[] { 0 }, "relu", 0, 3), train, validation, new TrainingOptions { Epochs = 2, ScoreLastEpochs = 1, Device = CPU }));
        Assert.Equal(0, Tensor.TotalCount - before);
    }

    /// <summary>Collects and finalizes every unreachable object now, so no finalizer releases a tensor during a count.</summary>
    private static void SettleFinalizers()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static long ResidentBytes()
    {
        SettleFinalizers();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    [Fact]
    public void The_score_is_the_mean_of_the_metric_over_the_last_epochs_and_every_epoch_is_measured()
    {
        var (train, validation) = Wine();
        var config = new NetConfig { Layers = 1, Units = new[] { 16 }, BatchSize = 16, LearningRate = 1e-2 };
        var result = Trainer.Fit(() => MlpBuilder.Build(13, config.Units, "relu", 0, 3), train, validation, Options(config, 5, epochs: 8));

        Assert.Equal(Enumerable.Range(1, 8), result.Epochs.Select(e => e.Epoch));
        Assert.Equal(result.Epochs.TakeLast(2).Average(e => e.ValidationAccuracy), result.Score, 12);
        Assert.True(result.Score > 0.85, $"wine is easy; accuracy {result.Score}");
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss);
    }

    [Fact]
    public void The_same_seed_trains_the_same_network_up_to_float_rounding()
    {
        var (train, validation) = Wine();
        var config = new NetConfig { Layers = 2, Units = new[] { 8, 8 }, BatchSize = 16, LearningRate = 1e-2 };
        var a = Trainer.Fit(() => MlpBuilder.Build(13, config.Units, "tanh", 0.2, 3), train, validation, Options(config, 9) with { Score = ScoreMetric.ValidationLoss });
        var b = Trainer.Fit(() => MlpBuilder.Build(13, config.Units, "tanh", 0.2, 3), train, validation, Options(config, 9) with { Score = ScoreMetric.ValidationLoss });
        // Same initial weights, dropout masks and batch order; multi-threaded CPU kernels may sum in another order.
        Assert.Equal(a.Score, b.Score, 1e-5);
        Assert.Equal(a.Epochs[0].TrainLoss, b.Epochs[0].TrainLoss, 1e-5);
    }

    [Fact]
    public async Task Every_epoch_is_reported_and_successive_halving_prunes_hopeless_trials_never_at_the_last_epoch()
    {
        var (train, validation) = Wine();
        var pruner = new AskedPruner(new SuccessiveHalvingPruner { MinResource = 1, MinResourceFraction = 0, ReductionFactor = 2 });
        var options = new TunerOptions
        {
            StorageUrl = "memory",
            MaxTrials = 24,
            Seed = 3,
            Direction = Direction.Maximize,
            Pruner = pruner,
        };
        var result = await new Tuner<NetConfig>(options).SearchAsync((config, trial) =>
            Trainer.Fit(() => MlpBuilder.Build(13, config.Units, config.Activation, 0, 3), train, validation, Options(config, trial.Seed, epochs: 4), trial).Score);

        var complete = result.Trials.Where(t => t.State == TrialState.Complete).ToList();
        var pruned = result.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.All(complete, t => Assert.Equal(new[] { 1, 2, 3, 4 }, t.IntermediateValues.Select(v => v.Step)));
        Assert.All(complete, t => Assert.True(t.Metrics.ContainsKey("validation_accuracy")));
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.Contains(t.PrunedStep, new int?[] { 1, 2 })); // rungs 1, 2; epoch 4 is the last
        Assert.Equal(TrialState.Complete, result.BestTrial!.State);

        // Fit declared the epochs as every trial's last step, from the first trial on: the pruner was never asked at 4.
        Assert.All(pruner.Asked, a => Assert.Equal(4, a.MaxStep));
        Assert.DoesNotContain(pruner.Asked, a => a.Step == 4);
        Assert.Contains(pruner.Asked, a => a.Step == 3);
    }

    /// <summary>Records what the engine asked a pruner.</summary>
    private sealed class AskedPruner(IPruner inner) : IPruner
    {
        public List<(int Step, int? MaxStep)> Asked { get; } = new();

        public bool ShouldPrune(PruningContext context)
        {
            lock (Asked)
            {
                Asked.Add((context.Step, context.MaxStep));
            }

            return inner.ShouldPrune(context);
        }
    }

    [Fact]
    public async Task A_config_that_builds_an_invalid_network_fails_its_trial_and_the_search_goes_on()
    {
        var (train, validation) = Wine();
        var options = new TunerOptions { StorageUrl = "memory", MaxTrials = 8, Seed = 4, Direction = Direction.Maximize };
        var result = await new Tuner<NetConfig>(options).SearchAsync((config, trial) =>
            Trainer.Fit(() => MlpBuilder.Build(13, config.Units.Select(u => u == 8 ? 0 : u).ToArray(), config.Activation, 0, 3), train, validation, Options(config, trial.Seed, epochs: 2), trial).Score);

        var failed = result.Trials.Where(t => t.State == TrialState.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => Assert.Contains("has 0 units; every layer needs at least one", t.Error));
        Assert.Equal(8, result.Trials.Count(t => t.State == TrialState.Complete)); // failed trials do not use up MaxTrials
        Assert.Equal(result.Trials.Count, 8 + failed.Count);
        Assert.NotNull(result.BestTrial);
    }

    [Fact]
    public void Cross_validation_averages_the_folds_and_reports_each()
    {
        var data = TabularDataset.LoadCsv(TestDataFiles.Path("wine.csv"), TaskKind.Classification);
        var folds = data.KFold(4, seed: 1);
        Assert.Equal(data.Count, folds.Sum(f => f.Validation.Count));
        Assert.All(folds, f => Assert.Equal(data.Count, f.Train.Count + f.Validation.Count));

        var result = Trainer.CrossValidate(() => MlpBuilder.Build(13, new[] { 8 }, "relu", 0, 3), data, 4,
            new TrainingOptions { Epochs = 3, BatchSize = 16, LearningRate = 1e-2, Score = ScoreMetric.ValidationAccuracy, ScoreLastEpochs = 1, Device = CPU });
        Assert.Equal(12, result.Epochs.Count);
        var foldScores = result.Epochs.Where(e => e.Epoch == 3).Select(e => e.ValidationAccuracy).ToList();
        Assert.Equal(foldScores.Average(), result.Score, 12);
    }

    [Fact]
    public void Regression_on_the_diabetes_data_beats_predicting_the_mean()
    {
        var data = TabularDataset.LoadCsv(TestDataFiles.Path("diabetes.csv"), TaskKind.Regression);
        var (train, validation) = data.Split(0.2, seed: 3);
        var (mean, std) = train.FeatureStatistics();
        var (scaledTrain, targetMean, targetStd) = train.Standardize(mean, std).StandardizeTargets();
        var scaledValidation = new TabularDataset(validation.Standardize(mean, std).Features.ToArray(), validation.Targets.ToArray().Select(t => (t - targetMean) / targetStd).ToArray(), 10, TaskKind.Regression);

        var result = Trainer.Fit(() => MlpBuilder.Build(10, new[] { 16 }, "relu", 0, 1), scaledTrain, scaledValidation,
            new TrainingOptions { Epochs = 30, BatchSize = 32, LearningRate = 1e-2, ScoreLastEpochs = 3, Seed = 1, Device = CPU });

        // Predicting the training mean scores about 1.0 on standardized targets; the network must do clearly better.
        Assert.True(result.Score < 0.7, $"validation MSE {result.Score}");
        Assert.True(double.IsNaN(result.Epochs[0].ValidationAccuracy));
    }
}

[Collection(TorchCollection.Name)]
public class DatasetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-data-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Csv_loading_reads_the_shipped_data_and_names_the_target_column()
    {
        var data = TabularDataset.LoadCsv(TestDataFiles.Path("breast_cancer.csv"), TaskKind.Classification);
        Assert.Equal((569, 30, 2), (data.Count, data.FeatureCount, data.ClassCount));
        Assert.Equal("mean_radius", data.FeatureNames[0]);
        var byName = TabularDataset.LoadCsv(TestDataFiles.Path("diabetes.csv"), TaskKind.Regression, targetColumn: "bmi");
        Assert.DoesNotContain("bmi", byName.FeatureNames);
        Assert.Contains("target", byName.FeatureNames);
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("", "the file is empty")]
    [InlineData("a,b,target\n1,2,0\n1,2\n", "line 3: 2 values where the header has 3 columns")]
    [InlineData("a,b,target\n1,x,0\n", "line 2, column 'b': 'x' is not a finite number")]
    [InlineData("a,target\n1,0.5\n", "Classification targets must be class numbers")]
    [InlineData("a,target\n", "header but no rows")]
    public void Bad_csv_files_are_refused_naming_the_file_and_the_problem(string content, string message)
    {
        var path = Path.Combine(_folder, "data.csv");
        if (content != "missing")
        {
            File.WriteAllText(path, content);
        }

        var error = Assert.ThrowsAny<Exception>(() => TabularDataset.LoadCsv(path, TaskKind.Classification));
        Assert.True(error is FileNotFoundException or InvalidDataException, error.ToString());
        Assert.Contains(message, error.Message);
        Assert.Contains("data.csv", error.Message);
    }

    [Fact]
    public void Fashion_mnist_files_are_read_plain_or_gzipped_from_any_folder()
    {
        WriteIdx("train-images-idx3-ubyte.gz", new[] { 3, 28, 28 }, i => (byte)(i % 256));
        WriteIdx("train-labels-idx1-ubyte", new[] { 3 }, i => (byte)(i * 4));
        WriteIdx("t10k-images-idx3-ubyte", new[] { 2, 28, 28 }, _ => 255);
        WriteIdx("t10k-labels-idx1-ubyte.gz", new[] { 2 }, i => (byte)(9 - i));

        var (train, test) = FashionMnist.Load(_folder, trainLimit: 2);

        Assert.Equal((2, 784, TaskKind.Classification), (train.Count, train.FeatureCount, train.Kind));
        Assert.Equal(new float[] { 0, 4 }, train.Targets.ToArray());
        Assert.Equal(255 / 255f, train.Features[255]);
        Assert.Equal((2, 10), (test.Count, test.ClassCount));
        Assert.All(test.Features.ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Missing_or_truncated_fashion_mnist_files_give_clear_errors()
    {
        Assert.Contains("apt-get install dataset-fashion-mnist", Assert.Throws<DirectoryNotFoundException>(() => FashionMnist.Load(Path.Combine(_folder, "nope"))).Message);
        Assert.Contains("train-images-idx3-ubyte(.gz) is missing", Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_folder)).Message);

        WriteIdx("train-images-idx3-ubyte", new[] { 3, 28, 28 }, _ => 1, truncate: true);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => IdxReader.Read(Path.Combine(_folder, "train-images-idx3-ubyte"))).Message);
        File.WriteAllText(Path.Combine(_folder, "bad"), "not idx");
        Assert.Contains("not an IDX file", Assert.Throws<InvalidDataException>(() => IdxReader.Read(Path.Combine(_folder, "bad"))).Message);
    }

    private void WriteIdx(string name, int[] dims, Func<int, byte> value, bool truncate = false)
    {
        using var file = File.Create(Path.Combine(_folder, name));
        using Stream stream = name.EndsWith(".gz", StringComparison.Ordinal) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest) : file;
        stream.Write(new byte[] { 0, 0, 8, (byte)dims.Length });
        foreach (var d in dims)
        {
            var bytes = BitConverter.GetBytes(d);
            Array.Reverse(bytes);
            stream.Write(bytes);
        }

        int total = dims.Aggregate(1, (a, b) => a * b) - (truncate ? 10 : 0);
        for (int i = 0; i < total; i++)
        {
            stream.WriteByte(value(i));
        }
    }
}
