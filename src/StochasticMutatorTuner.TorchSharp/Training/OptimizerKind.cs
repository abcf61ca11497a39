namespace StochasticMutatorTuner.TorchSharp.Training;

/// <summary>The optimizers the trainer can use.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent, with <see cref="TrainingOptions.Momentum"/>.</summary>
    Sgd,

    /// <summary>Adam.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
}
