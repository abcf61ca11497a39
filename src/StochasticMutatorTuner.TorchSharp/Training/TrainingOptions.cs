using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.TorchSharp.Training;

/// <summary>How to train one model.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training data. Default 20.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Rows per mini-batch. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The optimizer. Default Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>SGD momentum. Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay (decoupled for AdamW). Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>What the run is scored by. Default validation loss.</summary>
    public ScoreMetric Score { get; init; } = ScoreMetric.ValidationLoss;

    /// <summary>The score is the mean of the metric over the last this many epochs (the original's example used the last value; a mean is less noisy). Default 3.</summary>
    public int ScoreLastEpochs { get; init; } = 3;

    /// <summary>Seeds weight initialisation, dropout and shuffling. Default 0; use the trial's seed.</summary>
    public int Seed { get; init; }

    /// <summary>Where to train; <see cref="TorchDevice.Default"/> (CUDA when available, else CPU) when null.</summary>
    public global::TorchSharp.torch.Device? Device { get; init; }

    /// <summary>
    /// Which trained models to keep as the trial's artifact (see <see cref="Models.ModelArtifacts"/>): none (default),
    /// <see cref="KeepModels.All"/>, or <see cref="KeepModels.Best"/>(k). Needs the trial passed to <see cref="Trainer.Fit"/>.
    /// </summary>
    public KeepModels KeepModels { get; init; } = KeepModels.None;

    /// <summary>
    /// True: the run can be paused and resumed (<see cref="TrialContext.Resumable"/>). With a trial passed to
    /// <see cref="Trainer.Fit"/>, each epoch but the last saves the model's and the optimizer's state, the random
    /// generator's state and the epochs so far as the trial's checkpoint (<see cref="TrialContext.SaveCheckpointAsync"/>:
    /// the study needs an artifact folder), so <see cref="Pruning.SuccessiveHalvingPruner"/> pauses the run instead of
    /// stopping it; a promoted trial loads its checkpoint and trains the remaining epochs, reaching the losses the
    /// unpaused run reaches. Default false.
    /// </summary>
    public bool Resumable { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentException($"Epochs must be at least 1 (was {Epochs}).");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"BatchSize must be at least 1 (was {BatchSize}).");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentException($"LearningRate must be a positive number (was {LearningRate}).");
        }

        if (ScoreLastEpochs < 1 || ScoreLastEpochs > Epochs)
        {
            throw new ArgumentException($"ScoreLastEpochs must be between 1 and Epochs ({Epochs}) (was {ScoreLastEpochs}).");
        }

        if (Momentum < 0 || WeightDecay < 0)
        {
            throw new ArgumentException("Momentum and WeightDecay cannot be negative.");
        }
    }
}
