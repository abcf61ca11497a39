namespace StochasticMutatorTuner.Space;

#pragma warning disable CA1720 // The members are named after the .NET types they stand for, on purpose.

/// <summary>The .NET type of a parameter's values.</summary>
public enum ParamKind
{
    /// <summary><see cref="int"/>.</summary>
    Int32,

    /// <summary><see cref="long"/>.</summary>
    Int64,

    /// <summary><see cref="float"/>.</summary>
    Single,

    /// <summary><see cref="double"/>.</summary>
    Double,

    /// <summary><see cref="decimal"/>.</summary>
    Decimal,

    /// <summary><see cref="string"/>.</summary>
    String,

    /// <summary><see cref="bool"/>.</summary>
    Boolean,

    /// <summary>An enum; values are held as the enum's boxed members and stored by member name.</summary>
    Enum,
}
