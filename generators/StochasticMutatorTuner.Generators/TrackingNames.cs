namespace StochasticMutatorTuner.Generators;

/// <summary>Names of the pipeline steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    /// <summary>One output per [Param] property.</summary>
    public const string ParamProperties = nameof(ParamProperties);

    /// <summary>One output per config type: its properties grouped.</summary>
    public const string ConfigTypes = nameof(ConfigTypes);

    /// <summary>One output per config type: the checked model.</summary>
    public const string ConfigModels = nameof(ConfigModels);
}
