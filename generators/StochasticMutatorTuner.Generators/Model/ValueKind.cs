namespace StochasticMutatorTuner.Generators.Model;

/// <summary>The value kinds a parameter can have (mirrors the runtime's ParamKind).</summary>
internal enum ValueKind
{
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    String,
    Boolean,
    Enum,
}
