namespace StochasticMutatorTuner.TorchSharp.Training;

/// <summary>The values measured after one epoch.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's batches.</param>
/// <param name="ValidationLoss">The loss on the validation set.</param>
/// <param name="ValidationAccuracy">The validation accuracy (classification), else NaN.</param>
public readonly record struct EpochResult(int Epoch, double TrainLoss, double ValidationLoss, double ValidationAccuracy);

/// <summary>The outcome of one training run.</summary>
/// <param name="Epochs">Every epoch's values, in order.</param>
/// <param name="Score">The score as <see cref="TrainingOptions.Score"/> and <see cref="TrainingOptions.ScoreLastEpochs"/> define it.</param>
public sealed record TrainingResult(IReadOnlyList<EpochResult> Epochs, double Score);
