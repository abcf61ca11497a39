using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using StochasticMutatorTuner.Benchmarks;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using static TorchSharp.torch;

// Trains every distinct config of TabularMlpConfig on breast-cancer (fixed split, standardized features) for
// seeds 1..3, 12 epochs, batch 64, and records the mean validation log loss of the last 3 epochs per seed.
string output = args.Length > 0 ? args[0] : Path.Combine("benchmarks", "data", "tabular-mlp-breast-cancer.csv.gz");
int[] seeds = { 1, 2, 3 };
var data = TabularDataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), TaskKind.Classification);
var (train, validation) = data.Split(0.25, seed: 7);
var (mean, std) = train.FeatureStatistics();
train = train.Standardize(mean, std);
validation = validation.Standardize(mean, std);

var space = TabularMlpConfig.SearchSpace;
var genomes = space.EnumerateDistinct().ToList();
Console.WriteLine($"{genomes.Count} distinct configs × {seeds.Length} seeds");
var lines = new string[genomes.Count];
var clock = Stopwatch.StartNew();
int done = 0;
Parallel.For(0, genomes.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
{
    set_num_threads(1);
    var config = TabularMlpConfig.FromGenome(genomes[i]);
    var scores = seeds.Select(seed => Trainer.Fit(
        () => MlpBuilder.Build(data.FeatureCount, config.Units, config.Activation, config.Dropout ? config.DropoutRate : 0, 2),
        train,
        validation,
        new TrainingOptions
        {
            Epochs = 12,
            BatchSize = 64,
            Optimizer = config.Optimizer == TabularOptimizer.Sgd ? OptimizerKind.Sgd : OptimizerKind.Adam,
            Momentum = config.Optimizer == TabularOptimizer.Sgd ? config.Momentum : 0,
            LearningRate = config.LearningRate,
            Score = ScoreMetric.ValidationLoss,
            ScoreLastEpochs = 3,
            Seed = seed,
            Device = CPU,
        }).Score).ToArray();
    lines[i] = $"{space.KeyOf(genomes[i])},{string.Join(",", scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))},\"{config.ToJson().Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    int n = Interlocked.Increment(ref done);
    if (n % 100 == 0)
    {
        Console.WriteLine($"{n}/{genomes.Count} in {clock.Elapsed.TotalMinutes:F1} min");
    }
});

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
using (var file = File.Create(output))
using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
{
    writer.WriteLine($"key,{string.Join(",", seeds.Select(s => $"loss_seed{s}"))},config");
    foreach (var line in lines)
    {
        writer.WriteLine(line);
    }
}

Console.WriteLine($"wrote {output}: {genomes.Count} configs in {clock.Elapsed.TotalMinutes:F1} min");
