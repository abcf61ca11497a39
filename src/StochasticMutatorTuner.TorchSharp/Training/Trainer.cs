using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.Tuning;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Training;

/// <summary>
/// Trains and evaluates a model on tabular data with mini-batches, reporting each epoch's validation value to the
/// trial (which lets a pruner stop hopeless trials).
/// </summary>
/// <remarks>
/// Memory discipline: every batch and every evaluation runs in its own dispose scope, and the model, optimizer
/// and data tensors are disposed when the run ends (also when it is pruned, cancelled or fails), so memory stays
/// flat over hundreds of trials.
/// </remarks>
public static class Trainer
{
    /// <summary>
    /// Seeds TorchSharp with <see cref="TrainingOptions.Seed"/>, builds the model with <paramref name="build"/>,
    /// trains it on <paramref name="train"/> and scores it on <paramref name="validation"/>; the model is disposed
    /// before this returns.
    /// </summary>
    /// <param name="build">Creates the model (called once, after seeding).</param>
    /// <param name="train">The training rows.</param>
    /// <param name="validation">The validation rows (same features and task).</param>
    /// <param name="options">How to train.</param>
    /// <param name="trial">When given, its last step is declared as <see cref="TrainingOptions.Epochs"/> (<see cref="TrialContext.MaxStep"/>), each epoch's scored metric is reported to it (and a pruner may stop the run with <see cref="TrialPrunedException"/>, never at the last epoch); final metrics are recorded on it, and the trained model is kept as its artifact by <see cref="TrainingOptions.KeepModels"/>. With <see cref="TrainingOptions.Resumable"/> each epoch is checkpointed to it, and a promoted trial (<see cref="TrialContext.ResumeFromStep"/>) continues from its checkpoint.</param>
    /// <param name="cancellationToken">Checked between batches; the trial's token when not given.</param>
    public static TrainingResult Fit(
        Func<nn.Module<Tensor, Tensor>> build,
        TabularDataset train,
        TabularDataset validation,
        TrainingOptions options,
        TrialContext? trial = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.FeatureCount != validation.FeatureCount || train.Kind != validation.Kind)
        {
            throw new ArgumentException("The training and validation sets must have the same features and task.");
        }

        if (options.Score == ScoreMetric.ValidationAccuracy && train.Kind != TaskKind.Classification)
        {
            throw new ArgumentException("Accuracy needs a classification task.");
        }

        Models.ModelArtifacts.CheckCanKeep(trial, options);

        var device = options.Device ?? TorchDevice.Default;
        if (!cancellationToken.CanBeCanceled && trial is not null)
        {
            cancellationToken = trial.CancellationToken;
        }

        bool resumable = options.Resumable && trial is not null;
        if (trial is not null)
        {
            trial.MaxStep = options.Epochs; // so a pruner never stops the last epoch, when the training is done
            trial.Resumable = resumable;
        }

        torch.manual_seed(options.Seed);
        using var model = build();
        model.to(device);
        var (xTrain, yTrain) = ToTensors(train, device);
        var (xValid, yValid) = ToTensors(validation, device);
        using var _1 = xTrain;
        using var _2 = yTrain;
        using var _3 = xValid;
        using var _4 = yValid;
        using var optimizer = CreateOptimizer(model, options);

        var random = new Random(options.Seed);
        var order = Enumerable.Range(0, train.Count).Select(i => (long)i).ToArray();
        var epochs = new List<EpochResult>(options.Epochs);
        if (resumable && trial!.ResumeFromStep is int paused)
        {
            // A promoted trial: the state after epoch `paused`, and the batch order replayed to the same point.
            using (var saved = trial.OpenCheckpoint())
            {
                epochs = TrainingCheckpoint.Read(saved, model, optimizer);
            }

            if (epochs.Count != paused)
            {
                throw new InvalidDataException($"Trial {trial.Number} paused at epoch {paused}, but its checkpoint holds {epochs.Count} epochs.");
            }

            for (int e = 0; e < paused; e++)
            {
                random.Shuffle(order);
            }
        }

        for (int epoch = epochs.Count + 1; epoch <= options.Epochs; epoch++)
        {
            model.train();
            random.Shuffle(order);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                int length = Math.Min(options.BatchSize, order.Length - start);
                using var index = torch.tensor(order.AsSpan(start, length).ToArray(), device: device);
                var xb = xTrain.index_select(0, index);
                var yb = yTrain.index_select(0, index);
                optimizer.zero_grad();
                var loss = Loss(model.call(xb), yb, train.Kind);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                batches++;
            }

            var (validationLoss, accuracy) = Evaluate(model, xValid, yValid, train.Kind);
            var result = new EpochResult(epoch, lossSum / batches, validationLoss, accuracy);
            epochs.Add(result);
            if (trial is not null)
            {
                RecordMetrics(trial, result);
                if (resumable && epoch < options.Epochs)
                {
                    // Before the report: a pause at this epoch finds its checkpoint in place. None at the last epoch,
                    // which is never paused.
                    trial.SaveCheckpointAsync(epoch, (stream, _) =>
                    {
                        TrainingCheckpoint.Write(stream, epochs, model, optimizer);
                        return Task.CompletedTask;
                    }, cancellationToken).GetAwaiter().GetResult();
                }

                trial.Report(epoch, Metric(result, options.Score));
            }
        }

        double score = epochs.TakeLast(options.ScoreLastEpochs).Average(e => Metric(e, options.Score));
        if (options.KeepModels.KeepsAny)
        {
            Models.ModelArtifacts.Keep(trial!, model, score, options, cancellationToken);
        }

        return new TrainingResult(epochs, score);
    }

    /// <summary>
    /// k-fold cross-validation: <see cref="Fit"/> on each fold (standardizing features on each fold's training
    /// rows); the score is the mean of the folds' scores. Each fold's score is reported to the trial as step
    /// <c>fold + 1</c>. No model is kept (there are k of them, none trained on all rows): <see cref="TrainingOptions.KeepModels"/> is ignored.
    /// </summary>
    public static TrainingResult CrossValidate(
        Func<nn.Module<Tensor, Tensor>> build,
        TabularDataset data,
        int folds,
        TrainingOptions options,
        TrialContext? trial = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var epochs = new List<EpochResult>();
        var scores = new List<double>();
        int fold = 0;
        if (trial is not null && folds >= 1)
        {
            trial.MaxStep = folds; // the fold scores are its steps
        }

        foreach (var (train, validation) in data.KFold(folds, options.Seed))
        {
            var (mean, std) = train.FeatureStatistics();
            var result = Fit(build, train.Standardize(mean, std), validation.Standardize(mean, std), options with { Seed = options.Seed + fold, KeepModels = KeepModels.None }, null, cancellationToken.CanBeCanceled ? cancellationToken : trial?.CancellationToken ?? default);
            epochs.AddRange(result.Epochs);
            scores.Add(result.Score);
            fold++;
            trial?.Report(fold, result.Score);
        }

        return new TrainingResult(epochs, scores.Average());
    }

    /// <summary>The loss and (for classification) accuracy of <paramref name="model"/> on the given tensors, without gradients.</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Tensor features, Tensor targets, TaskKind kind)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var output = model.call(features);
        double loss = Loss(output, targets, kind).item<float>();
        double accuracy = kind == TaskKind.Classification
            ? output.argmax(1).eq(targets).to_type(ScalarType.Float32).mean().item<float>()
            : double.NaN;
        return (loss, accuracy);
    }

    /// <summary>The dataset as a feature tensor [rows, features] and a target tensor (class indices, or [rows, 1] values).</summary>
    public static (Tensor Features, Tensor Targets) ToTensors(TabularDataset data, Device device)
    {
        ArgumentNullException.ThrowIfNull(data);
        var features = torch.tensor(data.Features.ToArray(), new long[] { data.Count, data.FeatureCount }, device: device);
        var targets = data.Kind == TaskKind.Classification
            ? torch.tensor(data.Targets.ToArray().Select(t => (long)t).ToArray(), device: device)
            : torch.tensor(data.Targets.ToArray(), new long[] { data.Count, 1 }, device: device);
        return (features, targets);
    }

    private static Tensor Loss(Tensor output, Tensor targets, TaskKind kind) =>
        kind == TaskKind.Classification ? nn.functional.cross_entropy(output, targets) : nn.functional.mse_loss(output, targets);

    private static double Metric(EpochResult epoch, ScoreMetric metric) =>
        metric == ScoreMetric.ValidationAccuracy ? epoch.ValidationAccuracy : epoch.ValidationLoss;

    private static void RecordMetrics(TrialContext trial, EpochResult epoch)
    {
        trial.SetMetric("train_loss", epoch.TrainLoss);
        trial.SetMetric("validation_loss", epoch.ValidationLoss);
        if (!double.IsNaN(epoch.ValidationAccuracy))
        {
            trial.SetMetric("validation_accuracy", epoch.ValidationAccuracy);
        }

        trial.SetMetric("epochs", epoch.Epoch);
    }

    private static optim.Optimizer CreateOptimizer(nn.Module<Tensor, Tensor> model, TrainingOptions options) => options.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(model.parameters(), options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay),
        OptimizerKind.Adam => optim.Adam(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, "Unknown optimizer."),
    };
}
