namespace StochasticMutatorTuner.TorchSharp.Tests;

/// <summary>TorchSharp tests run one at a time: the live-tensor count is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
