using OriginalPort;
using StochasticMutatorTuner;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Tuning;
using TorchSharp;
using static TorchSharp.torch;

// The original README's example, ported: its model and training, in its subclass style (run_trial / score_trial,
// search(*args)), tuned on the real regression data it was made for (diabetes, 442 rows, 10 features).
int trials = args.Length > 1 && args[0] == "--trials" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40;
var data = TabularDataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "data", "diabetes.csv"), TaskKind.Regression);
var (train, test) = data.Split(validationFraction: 0.2, seed: 11);
var (mean, std) = train.FeatureStatistics();
var (scaledTrain, targetMean, targetStd) = train.Standardize(mean, std).StandardizeTargets();
var scaledTest = new TabularDataset(test.Standardize(mean, std).Features.ToArray(), test.Targets.ToArray().Select(t => (t - targetMean) / targetStd).ToArray(), test.FeatureCount, TaskKind.Regression);

var options = new TunerOptions
{
    ProjectDirectory = "original-port-project",
    StudyName = "diabetes",
    Direction = Direction.Minimize, // objective_direction='min'
    MaxTrials = trials,
    InitRandom = 10,                // init_random
    RandomizeAxisFactor = 0.5,      // randomize_axis_factor
};
options.Observers.Add(new ConsoleProgressObserver());
Console.WriteLine($"Study '{options.StudyName}' in SQLite file {Path.GetFullPath(Path.Combine(options.ProjectDirectory, TunerOptions.DefaultDatabaseFileName))} (a second run resumes it).");
var tuner = new MyTuner(options);
var result = await tuner.SearchAsync(scaledTrain, scaledTest); // tuner.search(X_train, y_train, X_test, y_test)

Console.WriteLine();
Console.WriteLine($"{result.StopReason}: {result.Trials.Count} trials in the study.");
if (result.BestTrial is { } best)
{
    // The score is the last epoch's validation MSE on standardized targets; in the data's units:
    Console.WriteLine($"Best trial #{best.Number}: validation MSE {best.Score:F4} (standardized), RMSE {Math.Sqrt(best.Score!.Value) * targetStd:F1} in disease-progression units");
    Console.WriteLine($"Best config: {result.BestConfig}");
}

/// <summary>The original's Tuner subclass: run_trial builds the model, fits it, and scores the trial.</summary>
internal sealed class MyTuner(TunerOptions options) : Tuner<OriginalConfig>(options)
{
    protected override void RunTrial(TrialContext<OriginalConfig> trial, IReadOnlyList<object?> args)
    {
        var (xyTrain, xyTest) = ((TabularDataset)args[0]!, (TabularDataset)args[1]!);
        var hp = trial.Config;
        var history = Trainer.Fit(
            () => BuildModel(hp, xyTrain.FeatureCount),
            xyTrain,
            xyTest,
            new TrainingOptions
            {
                Epochs = 25,                          // epochs=25
                BatchSize = hp.BatchSize,             // batch_size=params['batch_size']
                Optimizer = OptimizerKind.Sgd,        // SGD(momentum=0.9)
                Momentum = 0.9,
                LearningRate = 0.01,                  // Keras' SGD default
                Score = ScoreMetric.ValidationLoss,   // history.history['val_loss'][-1]
                ScoreLastEpochs = 1,
                Seed = trial.Seed,
            },
            trial);
        ScoreTrial(trial, history.Score);              // self.score_trial(trial, score)
    }

    /// <summary>
    /// The original's build_model: Dense(kernel_size_x) per layer (Keras' Dense has no activation by default),
    /// Dense(10), Activation, Dropout when chosen, Dense(1); MSE loss.
    /// </summary>
    private static nn.Module<Tensor, Tensor> BuildModel(OriginalConfig hp, int inputs)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = inputs;
        for (int x = 0; x < hp.NumLayers; x++)
        {
            layers.Add(($"dense{x}", nn.Linear(width, hp.KernelSize[x])));
            width = hp.KernelSize[x];
        }

        layers.Add(("dense10", nn.Linear(width, 10)));
        layers.Add(("activation", Activations.Create(hp.Activation)));
        if (hp.Dropout)
        {
            layers.Add(("dropout", nn.Dropout(hp.DropoutVal)));
        }

        layers.Add(("output", nn.Linear(10, 1)));
        return nn.Sequential(layers);
    }
}
