namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>Metadata names the generator and analyzers look for; the runtime is never referenced.</summary>
internal static class KnownNames
{
    public const string ParamAttribute = "StochasticMutatorTuner.ParamAttribute";
    public const string ActiveWhenAttribute = "StochasticMutatorTuner.ActiveWhenAttribute";
    public const string PerLayerAttribute = "StochasticMutatorTuner.PerLayerAttribute";
    public const string HyperParameters = "StochasticMutatorTuner.Dynamic.HyperParameters";
}
