using QuickStart;
using StochasticMutatorTuner;
using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.TorchSharp;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Tuning;

// Quick start: tune an MLP on the Breast Cancer Wisconsin data (569 rows, 30 features, 2 classes).
// Trials are stored in an SQLite file; running again resumes the same study. The weights of the best three trials
// are kept beside it (quickstart-project/tuner.smt.db.artifacts/), and the best model is loaded back at the end.
// Errors a user can fix (a storage that cannot be reached or used, a changed search space, a bad option) end in one
// line and exit code 1.
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
    string location = arguments.Storage ?? Path.Combine(arguments.ProjectDirectory, TunerOptions.DefaultDatabaseFileName);
    await using var storage = StudyStorage.Open(location);
    var options = new TunerOptions
    {
        Direction = Direction.Minimize,
        MaxTrials = arguments.Trials,
        Seed = arguments.Seed,
        Storage = storage,
        StudyName = arguments.Study,
        ArtifactFolder = arguments.ArtifactFolder, // null: beside the SQLite file; with PostgreSQL, a folder every worker shares
    };
    options.Observers.Add(new ConsoleProgressObserver());

    // Models are kept in a folder: beside a SQLite file by default; PostgreSQL workers need one they share (--artifacts).
    bool keepModels = arguments.ArtifactFolder is not null || !StudyStorage.IsPostgres(location);
    Console.WriteLine($"Study '{arguments.Study}' in {storage.Description}; {MlpConfig.SearchSpace.DistinctConfigCount:N0} distinct configs; budget {arguments.Trials} trials.");

    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

    var tuner = new Tuner<MlpConfig>(options);
    var result = await tuner.SearchAsync((config, trial) =>
    {
        var training = Trainer.Fit(
            () => Build(config, data),
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
                KeepModels = keepModels ? KeepModels.Best(3) : KeepModels.None, // the best three trials' weights, as model.safetensors
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
        if (keepModels)
        {
            await ReloadBestAsync(result, best, data, validation, arguments.ExportCheck);
        }
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

// The model the search trained, not a retrained copy: its validation loss is the one its last epoch measured.
static async Task ReloadBestAsync(SearchResult<MlpConfig> result, StochasticMutatorTuner.Trials.TrialRecord best, TabularDataset data, TabularDataset validation, string? checkFile)
{
    TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> model;
    try
    {
        model = result.LoadBestModel(config => Build(config, data));
    }
    catch (ArtifactNotFoundException)
    {
        Console.WriteLine($"Trial #{best.Number} kept no model (it ran before this sample kept models).");
        return;
    }

    var (features, targets) = Trainer.ToTensors(validation, TorchDevice.Default);
    using (model)
    using (features)
    using (targets)
    {
        var (loss, accuracy) = Trainer.Evaluate(model, features, targets, TaskKind.Classification);
        Console.WriteLine($"Kept model of trial #{best.Number} reloaded: validation loss {loss:F6} (its last epoch measured {best.Metrics["validation_loss"]:F6}), accuracy {accuracy:P1}");
        if (checkFile is not null)
        {
            // Inputs and the outputs .NET computed, for samples/PyTorchInterop/load_model.py to compare against PyTorch.
            // (No await while no_grad is on: it is the state of this thread.)
            TorchSharp.torch.Tensor logits;
            using (TorchSharp.torch.no_grad())
            {
                logits = model.call(features);
            }

            using var _ = logits;
            await using var file = File.Create(checkFile);
            await SafeTensors.WriteAsync(new Dictionary<string, TorchSharp.torch.Tensor> { ["features"] = features, ["targets"] = targets, ["logits"] = logits }, file);
            Console.WriteLine($"Wrote {Path.GetFullPath(checkFile)}: validation features, targets and the model's outputs.");
        }
    }
}

static TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Build(MlpConfig config, TabularDataset data) =>
    MlpBuilder.Build(data.FeatureCount, config.Units, config.Activation, config.Dropout ? config.DropoutRate : 0, data.ClassCount);

/// <summary>Command-line options of the sample. With --storage and --study it is a worker: run it on several machines.</summary>
internal sealed record SampleArguments(int Trials, int? Seed, string ProjectDirectory, string? Storage, string Study, string? ArtifactFolder, string? ExportCheck)
{
    public static SampleArguments Parse(string[] args)
    {
        int trials = 30;
        int? seed = null;
        string project = "quickstart-project";
        string? storage = null;
        string study = "quickstart";
        string? artifacts = null, check = null;
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
                case "--artifacts": artifacts = Next(); break;
                case "--write-check": check = Next(); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --trials N, --seed N, --project-dir PATH, --storage URL, --study NAME, --artifacts FOLDER, --write-check FILE.");
            }
        }

        return new SampleArguments(trials, seed, project, storage, study, artifacts, check);
    }

    private static int Number(string option, string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"{option} needs a whole number (was '{text}').");
}
