namespace StochasticMutatorTuner.Generators;

/// <summary>Names of the pipeline steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    public const string ParamProperties = nameof(ParamProperties);
    public const string ValidConfigs = nameof(ValidConfigs);
    public const string DistinctConfigs = nameof(DistinctConfigs);
}
