using QuickStart;
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
var arguments = SampleArguments.Parse(args);
var data = TabularDataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), TaskKind.Classification);
var (train, validation) = data.Split(validationFraction: 0.25, seed: 7);
var (mean, std) = train.FeatureStatistics();
train = train.Standardize(mean, std);
validation = validation.Standardize(mean, std);

var options = new TunerOptions
{
    Direction = Direction.Minimize,
    MaxTrials = arguments.Trials,
    Seed = arguments.Seed,
    ProjectDirectory = arguments.ProjectDirectory,
    StorageUrl = arguments.Storage, // null: the SQLite file in the project directory
    StudyName = arguments.Study,
    ArtifactFolder = arguments.ArtifactFolder, // null: beside the SQLite file; with PostgreSQL, a folder every worker shares
};
options.Observers.Add(new ConsoleProgressObserver());

// Models are kept in a folder: beside a SQLite file by default; PostgreSQL workers need one they share (--artifacts).
bool keepModels = arguments.ArtifactFolder is not null || arguments.Storage is null || !StudyStorage.IsPostgres(arguments.Storage);
string where = arguments.Storage is null ? Path.GetFullPath(arguments.ProjectDirectory) : "the given storage";
Console.WriteLine($"Study '{arguments.Study}' in {where}; {MlpConfig.SearchSpace.DistinctConfigCount:N0} distinct configs; budget {arguments.Trials} trials.");

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var tuner = new Tuner<MlpConfig>(options);
var result = await tuner.SearchAsync((config, trial) =>
{
    var training = Trainer.Fit(
        () => Build(config),
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
        await ReloadBestAsync(best);
    }
}
else
{
    Console.WriteLine("No trial produced a score.");
}

if (result.StopReason == StopReason.MaxTrialsReached && result.TrialsThisRun == 0)
{
    Console.WriteLine($"The study already had {arguments.Trials} trials; run with --trials N (N > {result.Trials.Count}) to continue it.");
}

// The model the search trained, not a retrained copy: its validation loss is the one its last epoch measured.
async Task ReloadBestAsync(StochasticMutatorTuner.Trials.TrialRecord best)
{
    TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> model;
    try
    {
        model = result.LoadBestModel(Build);
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
        if (arguments.ExportCheck is { } checkFile)
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

TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Build(MlpConfig config) =>
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
                case "--trials": trials = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
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
}
