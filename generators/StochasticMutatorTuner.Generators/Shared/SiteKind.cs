namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>Which part of a declaration a problem points at.</summary>
internal enum SiteKind
{
    /// <summary>The config type's name, or a containing type's (<see cref="Site.Index"/> levels out).</summary>
    Type,

    /// <summary>A property's name.</summary>
    Property,

    /// <summary>The property's [Param] attribute.</summary>
    ParamAttribute,

    /// <summary>The <see cref="Site.Index"/>-th value of [Param].</summary>
    ParamValue,

    /// <summary>The property's [ActiveWhen] attribute.</summary>
    ConditionAttribute,

    /// <summary>The parent name argument of [ActiveWhen].</summary>
    ConditionName,

    /// <summary>The <see cref="Site.Index"/>-th activating value of [ActiveWhen].</summary>
    ConditionValue,

    /// <summary>The property's [PerLayer] attribute.</summary>
    LayerAttribute,

    /// <summary>The count name argument of [PerLayer].</summary>
    LayerCountName,
}
