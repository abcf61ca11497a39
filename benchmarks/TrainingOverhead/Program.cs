using System.Diagnostics;
using System.Globalization;
using QuickStart;
using StochasticMutatorTuner.Benchmarks;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.TorchSharp;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Tuning;

// dotnet run -c Release --project benchmarks/TrainingOverhead -- [--trials 20] [--rounds 4] [--epochs 15] [--storage sqlite,memory] [--folder DIR]
//
// The quick start's MLP on the breast-cancer data, trained with a report every epoch inside Tuner<MlpConfig>
// (SQLite file in DIR, default the temp folder on disk; or in memory), against the same configs and seeds trained
// by Trainer.Fit outside any tuner. Blocks alternate (inside, outside, outside, inside, ...) so a change in the
// machine's load falls on both sides. The ratio is the whole search (proposals, reservations, reports, finishes)
// over the same trainings alone.
var options = new BenchmarkOptions(args);
var data = TabularDataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), TaskKind.Classification);
var (train, validation) = data.Split(validationFraction: 0.25, seed: 7);
var (mean, std) = train.FeatureStatistics();
train = train.Standardize(mean, std);
validation = validation.Standardize(mean, std);

TrainingResult Fit(MlpConfig config, int seed, TrialContext? trial) =>
    Trainer.Fit(() => MlpTraining.Build(config, data), train, validation, MlpTraining.Options(config, seed, KeepModels.None) with { Epochs = options.Epochs, ScoreLastEpochs = Math.Min(3, options.Epochs) }, trial);

async Task<Block> InsideAsync(string storageKind)
{
    string folder = Directory.CreateDirectory(Path.Combine(options.Folder, $"smt-training-{Guid.NewGuid():N}")).FullName;
    await using var storage = storageKind == "memory" ? new InMemoryStudyStorage() : StudyStorage.Open(Path.Combine(folder, TunerOptions.DefaultDatabaseFileName));
    var trials = new List<TrainedTrial>();
    var tuner = new Tuner<MlpConfig>(new TunerOptions { Storage = storage, StudyName = "overhead", MaxTrials = options.Trials, Seed = 1, Strategy = new RandomSearch() });
    var clock = Measure.Start();
    var search = await tuner.SearchAsync((config, trial) =>
    {
        var inner = Measure.Start();
        var result = Fit(config, trial.Seed, trial);
        trials.Add(new TrainedTrial(config, trial.Seed, result.Score, inner.Seconds));
        return result.Score;
    });
    var block = new Block($"inside, {storageKind}", clock.Seconds, clock.CpuSeconds, trials);
    if (trials.Count != options.Trials)
    {
        throw new InvalidOperationException($"Only {trials.Count} of {options.Trials} trainings completed inside the tuner; first error: {search.Trials.FirstOrDefault(t => t.Error is not null)?.Error}");
    }

    Directory.Delete(folder, recursive: true);
    return block;
}

Block Outside(IReadOnlyList<TrainedTrial> configs)
{
    var trials = new List<TrainedTrial>();
    var clock = Measure.Start();
    foreach (var t in configs)
    {
        var inner = Measure.Start();
        var result = Fit(t.Config, t.Seed, null);
        trials.Add(t with { Score = result.Score, Seconds = inner.Seconds });
    }

    return new Block("outside", clock.Seconds, clock.CpuSeconds, trials);
}

// A first search picks the configs (and warms up the JIT and TorchSharp); every later block trains those. Random search
// with a fixed seed proposes the same configs in every search, whatever the scores, so both sides train the same ones.
var reference = (await InsideAsync("memory")).Trials;
Console.WriteLine($"training overhead: {options.Trials} trials of {options.Epochs} epochs (a report each), {options.Rounds} rounds; {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {Measure.LoadAverage()}; folder {options.Folder}");
Console.WriteLine("| round | storage | inside: search s (CPU s) | outside: trainings s (CPU s) | inside / outside | inside, the trainings alone / outside | inside, besides the trainings / outside | overhead per trial ms | same configs | same losses |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---|---|");
var ratios = options.Storages.ToDictionary(s => s, _ => new List<double>());
for (int round = 0; round < options.Rounds; round++)
{
    foreach (var storageKind in options.Storages)
    {
        Block inside, outside;
        if (round % 2 == 0)
        {
            inside = await InsideAsync(storageKind);
            outside = Outside(reference);
        }
        else
        {
            outside = Outside(reference);
            inside = await InsideAsync(storageKind);
        }

        bool sameConfigs = inside.Trials.Count == reference.Count && inside.Trials.Zip(outside.Trials).All(p => p.First.Config.ToJson() == p.Second.Config.ToJson());
        int sameLosses = inside.Trials.Zip(outside.Trials).Count(p => p.First.Score == p.Second.Score);
        double ratio = inside.Seconds / outside.Seconds;
        ratios[storageKind].Add(ratio);
        double trainings = inside.Trials.Sum(t => t.Seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {round + 1} | {storageKind} | {inside.Seconds:0.00} ({inside.CpuSeconds:0.00}) | {outside.Seconds:0.00} ({outside.CpuSeconds:0.00}) | {ratio:0.000} | {trainings / outside.Seconds:0.000} | {(inside.Seconds - trainings) / outside.Seconds:0.000} | {(inside.Seconds - outside.Seconds) * 1000 / options.Trials:0.0} | {(sameConfigs ? "yes" : "NO")} | {sameLosses} of {outside.Trials.Count} |"));
    }
}

foreach (var (storageKind, list) in ratios)
{
    list.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{storageKind}: inside / outside median {list[list.Count / 2]:0.000} (range {list[0]:0.000}-{list[^1]:0.000}); load average now {Measure.LoadAverage()}"));
}

return 0;
