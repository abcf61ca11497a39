namespace StochasticMutatorTuner.TorchSharp.Data;

/// <summary>What the target column holds.</summary>
public enum TaskKind
{
    /// <summary>Class labels 0 … k-1; trained with cross-entropy, scored by accuracy or loss.</summary>
    Classification,

    /// <summary>A number to predict; trained with mean squared error.</summary>
    Regression,
}
