using QuickStart;
using StochasticMutatorTuner;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Tuning;

// Quick start: tune an MLP on the Breast Cancer Wisconsin data (569 rows, 30 features, 2 classes).
// Trials are stored in an SQLite file; running again resumes the same study. Errors a user can fix (a storage that
// cannot be reached or used, a changed search space, a bad option) end in one line and exit code 1.
try
{
    return await RunAsync(SampleArguments.Parse(args));
}
catch (Exception e) when (e is StudyStorageException or StudySpaceMismatchException or ArgumentException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static async Task<int> RunAsync(SampleArguments arguments)
{
    var data = TabularDataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), TaskKind.Classification);
    var (train, validation) = data.Split(validationFraction: 0.25, seed: 7);
    var (mean, std) = train.FeatureStatistics();
    train = train.Standardize(mean, std);
    validation = validation.Standardize(mean, std);

    // The study lives in the SQLite file in the project directory, or in --storage (a SQLite path or a PostgreSQL URL).
    // Opened here so the header can name it: a storage's description never shows a password.
    await using var storage = StudyStorage.Open(arguments.Storage ?? Path.Combine(arguments.ProjectDirectory, TunerOptions.DefaultDatabaseFileName));
    var options = new TunerOptions
    {
        Direction = Direction.Minimize,
        MaxTrials = arguments.Trials,
        Seed = arguments.Seed,
        Storage = storage,
        StudyName = arguments.Study,
    };
    options.Observers.Add(new ConsoleProgressObserver());
    Console.WriteLine($"Study '{arguments.Study}' in {storage.Description}; {MlpConfig.SearchSpace.DistinctConfigCount:N0} distinct configs; budget {arguments.Trials} trials.");

    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

    var tuner = new Tuner<MlpConfig>(options);
    var result = await tuner.SearchAsync((config, trial) =>
    {
        var training = Trainer.Fit(
            () => MlpBuilder.Build(data.FeatureCount, config.Units, config.Activation, config.Dropout ? config.DropoutRate : 0, data.ClassCount),
            train,
            validation,
            new TrainingOptions
            {
                Epochs = 15,
                BatchSize = config.BatchSize,
                Optimizer = config.Optimizer switch { Optimizer.Sgd => OptimizerKind.Sgd, Optimizer.Adam => OptimizerKind.Adam, _ => OptimizerKind.AdamW },
                Momentum = config.Optimizer == Optimizer.Sgd ? config.Momentum : 0,
                LearningRate = config.LearningRate,
                Score = ScoreMetric.ValidationLoss,
                ScoreLastEpochs = 3,
                Seed = trial.Seed,
            },
            trial);
        return training.Score;
    }, cancel.Token);

    Console.WriteLine();
    Console.WriteLine($"Stopped: {result.StopReason}. The study holds {result.Trials.Count} trials ({result.TrialsThisRun} run now).");
    if (result.BestTrial is { } best)
    {
        Console.WriteLine($"Best trial #{best.Number}: validation loss {best.Score:F4}, accuracy {best.Metrics.GetValueOrDefault("validation_accuracy"):P1}");
        Console.WriteLine($"Best config: {result.BestConfig}");
        Console.WriteLine($"As JSON:     {result.BestConfig!.ToJson()}");
    }
    else
    {
        Console.WriteLine("No trial produced a score.");
    }

    if (result.StopReason == StopReason.MaxTrialsReached && result.TrialsThisRun == 0)
    {
        Console.WriteLine($"The study already had {arguments.Trials} trials; run with --trials N (N > {arguments.Trials}) to continue it.");
    }

    return 0;
}

/// <summary>Command-line options of the sample. With --storage and --study it is a worker: run it on several machines.</summary>
internal sealed record SampleArguments(int Trials, int? Seed, string ProjectDirectory, string? Storage, string Study)
{
    public static SampleArguments Parse(string[] args)
    {
        int trials = 30;
        int? seed = null;
        string project = "quickstart-project";
        string? storage = null;
        string study = "quickstart";
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--trials": trials = Number("--trials", Next()); break;
                case "--seed": seed = Number("--seed", Next()); break;
                case "--project-dir": project = Next(); break;
                case "--storage": storage = Next(); break;
                case "--study": study = Next(); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --trials N, --seed N, --project-dir PATH, --storage URL, --study NAME.");
            }
        }

        return new SampleArguments(trials, seed, project, storage, study);
    }

    private static int Number(string option, string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"{option} needs a whole number (was '{text}').");
}
