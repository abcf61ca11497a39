using System.Diagnostics;
using FashionSample;
using StochasticMutatorTuner;
using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.TorchSharp;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Tuning;
using TorchSharp;
using static TorchSharp.torch;

// Fashion-MNIST: tune MLPs and small CNNs with successive-halving pruning on a subset (default) or the full set
// (--full) for a compute budget of 20 full trainings (--budget N; pruned trials use less, so more configs are tried),
// with the pruner's defaults (first rung at half of the epochs, η = 3: see docs/benchmarks.md#pruning) and resumable
// trainings (a trial that loses at its rung is paused with a checkpoint and resumed if later trials do worse there),
// keeping the trained weights of the best three trials; then load the best trial's model (the one the search
// trained and scored, not a retrained copy) and measure it once on the held-out test set.
// Errors a user can fix (a storage that cannot be reached or used, a changed search space, a bad option, missing
// data files) end in one line and exit code 1.
try
{
    return await RunAsync(SampleOptions.Parse(args));
}
catch (Exception e) when (e is StudyStorageException or StudySpaceMismatchException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static async Task<int> RunAsync(SampleOptions options)
{
    var clock = Stopwatch.StartNew();
    var (trainAll, test) = FashionMnist.Load(options.DataFolder, options.Full ? null : 6000, options.Full ? null : 2000);
    var (train, validation) = trainAll.Split(validationFraction: 1.0 / 6, seed: 1);
    Console.WriteLine($"Fashion-MNIST from {options.DataFolder ?? FashionMnist.DefaultFolder}: {train.Count} training, {validation.Count} validation, {test.Count} test images; device {TorchDevice.Default.type}.");

    var tunerOptions = new TunerOptions
    {
        ProjectDirectory = "fashion-mnist-project",
        StudyName = options.Full ? "fashion-full" : "fashion-subset",
        Direction = Direction.Maximize,
        MaxTrials = options.Trials,
        MaxTotalSteps = (long)options.Budget * options.Epochs, // the compute of that many full trainings, in epochs
        Seed = options.Seed,
        Pruner = options.Pruning ? new SuccessiveHalvingPruner() : null,
    };
    tunerOptions.Observers.Add(new ConsoleProgressObserver());
    Console.WriteLine($"Study '{tunerOptions.StudyName}' in SQLite file {Path.GetFullPath(Path.Combine(tunerOptions.ProjectDirectory, TunerOptions.DefaultDatabaseFileName))} (a second run resumes it).");

    var result = await new Tuner<FashionConfig>(tunerOptions).SearchAsync((config, trial) =>
        Trainer.Fit(() => Build(config), train, validation, Training(config, options.Epochs, trial.Seed) with { KeepModels = KeepModels.Best(3), Resumable = options.Pruning }, trial).Score);

    Console.WriteLine();
    int paused = result.Trials.Count(t => t.State == StochasticMutatorTuner.Trials.TrialState.Pruned && t.Paused);
    int pruned = result.Trials.Count(t => t.State == StochasticMutatorTuner.Trials.TrialState.Pruned && !t.Paused);
    int epochsTrained = result.Trials.Sum(t => t.IntermediateValues.Count == 0 ? 0 : t.IntermediateValues[^1].Step);
    Console.WriteLine($"{result.StopReason}: {result.Trials.Count} trials ({paused} paused, {pruned} pruned), {epochsTrained} epochs trained (budget {tunerOptions.MaxTotalSteps}), in {result.Elapsed.TotalMinutes:F1} min.");
    if (result.BestConfig is not { } best)
    {
        Console.WriteLine("No trial produced a score.");
        return 0;
    }

    Console.WriteLine($"Best validation accuracy {result.BestScore:P2}: {best}");

    // The best trial's own model, as it was trained and scored, measured once on the test set.
    using var model = result.LoadBestModel(Build);
    var (xTest, yTest) = Trainer.ToTensors(test, TorchDevice.Default);
    using (xTest)
    using (yTest)
    {
        var (_, testAccuracy) = Trainer.Evaluate(model, xTest, yTest, TaskKind.Classification);
        Console.WriteLine($"Test accuracy of the best trial's model (#{result.BestTrial!.Number}, trained on {train.Count} images, kept by the search): {testAccuracy:P2} (total time {clock.Elapsed.TotalMinutes:F1} min).");
    }

    Console.WriteLine($"Kept models: {Path.GetFullPath(Path.Combine(tunerOptions.ProjectDirectory, StochasticMutatorTuner.Tuning.TunerOptions.DefaultDatabaseFileName))}.artifacts (smt artifacts list -s {tunerOptions.ProjectDirectory}).");

        return 0;
}

static nn.Module<Tensor, Tensor> Build(FashionConfig c) => c.Architecture == Architecture.Mlp
    ? MlpBuilder.Build(784, c.HiddenUnits, c.Activation, c.Dropout ? c.DropoutRate : 0, 10)
    : CnnBuilder.Build(28, c.Channels, c.DenseUnits, c.Activation, c.Dropout ? c.DropoutRate : 0, 10);

static TrainingOptions Training(FashionConfig c, int epochs, int seed) => new()
{
    Epochs = epochs,
    BatchSize = c.BatchSize,
    Optimizer = c.Optimizer switch { Optimizer.Sgd => OptimizerKind.Sgd, Optimizer.Adam => OptimizerKind.Adam, _ => OptimizerKind.AdamW },
    Momentum = c.Optimizer == Optimizer.Sgd ? c.Momentum : 0,
    LearningRate = c.LearningRate,
    Score = ScoreMetric.ValidationAccuracy,
    ScoreLastEpochs = 1,
    Seed = seed,
};

/// <summary>Command-line options.</summary>
internal sealed record SampleOptions(string? DataFolder, bool Full, int? Trials, int Budget, int Epochs, bool Pruning, int? Seed)
{
    public static SampleOptions Parse(string[] args)
    {
        string? data = null;
        bool full = false, pruning = true;
        int? trials = null;
        int budget = 20, epochs = 9;
        int? seed = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--data": data = Next(); break;
                case "--full": full = true; break;
                case "--trials": trials = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--budget": budget = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--epochs": epochs = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--no-pruning": pruning = false; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --data FOLDER, --full, --budget N (full trainings of compute), --trials N, --epochs N, --seed N, --no-pruning.");
            }
        }

        return new SampleOptions(data, full, trials, budget, epochs, pruning, seed);
    }
}
