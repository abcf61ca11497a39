using Consumer;
using StochasticMutatorTuner;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Tuning;
using static TorchSharp.torch;

// A user's program: a config with every attribute feature, a short search, and real TorchSharp training.
var space = MlpConfig.SearchSpace;
Console.WriteLine($"parameters: {string.Join(",", space.Parameters.Select(p => p.Name))}");
Console.WriteLine($"distinct: {space.DistinctConfigCount}");

var sample = MlpConfig.Sample(new Random(1));
Console.WriteLine($"roundtrip: {MlpConfig.FromJson(sample.ToJson()).ToString() == sample.ToString()}");

// A tiny real dataset: y = 1 when x0 + x1 > 0.
var random = new Random(3);
var features = new float[400 * 2];
var targets = new float[400];
for (int i = 0; i < 400; i++)
{
    features[2 * i] = (float)(random.NextDouble() * 2 - 1);
    features[2 * i + 1] = (float)(random.NextDouble() * 2 - 1);
    targets[i] = features[2 * i] + features[2 * i + 1] > 0 ? 1 : 0;
}

var (train, validation) = new TabularDataset(features, targets, 2, TaskKind.Classification).Split(0.25, seed: 1);
// The study goes to the default SQLite file in consumer-project/, where the test reads it with the smt tool.
var tuner = new Tuner<MlpConfig>(new TunerOptions { ProjectDirectory = "consumer-project", StudyName = "consumer", MaxTrials = 6, Seed = 4, Direction = Direction.Maximize });
var result = await tuner.SearchAsync((config, trial) => Trainer.Fit(
    () => MlpBuilder.Build(2, config.Units, config.Activation, config.Dropout ? config.DropoutRate : 0, 2),
    train,
    validation,
    new TrainingOptions
    {
        Epochs = 4,
        BatchSize = config.BatchSize,
        Optimizer = config.Optimizer == Optimizer.Sgd ? OptimizerKind.Sgd : OptimizerKind.Adam,
        Momentum = config.Optimizer == Optimizer.Sgd ? config.Momentum : 0,
        LearningRate = 0.01,
        Score = ScoreMetric.ValidationAccuracy,
        ScoreLastEpochs = 1,
        Seed = trial.Seed,
        Device = CPU,
    },
    trial).Score);

Console.WriteLine($"trials: {result.Trials.Count}");
Console.WriteLine($"stop: {result.StopReason}");
Console.WriteLine($"best accuracy: {result.BestScore:F2}");
Console.WriteLine($"best config: {result.BestConfig}");
