namespace StochasticMutatorTuner.TorchSharp.Training;

/// <summary>Which validation value a training run is scored by.</summary>
public enum ScoreMetric
{
    /// <summary>The validation loss (minimize).</summary>
    ValidationLoss,

    /// <summary>The validation accuracy (classification; maximize).</summary>
    ValidationAccuracy,
}
