using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner;

/// <summary>
/// A config type with a search space: implemented by the source generator for every <c>partial</c> class or
/// record with <see cref="ParamAttribute">[Param]</see> properties. Users never implement it by hand.
/// </summary>
/// <typeparam name="TSelf">The config type.</typeparam>
/// <remarks>Static abstract members keep the typed tuner free of reflection, so it trims and compiles with NativeAOT.</remarks>
public interface ITunable<TSelf>
    where TSelf : ITunable<TSelf>
{
    /// <summary>The type's search space.</summary>
    static abstract SearchSpace Space { get; }

    /// <summary>Creates a config from a genome (one value index per parameter of <see cref="Space"/>).</summary>
    static abstract TSelf FromGenome(ReadOnlySpan<int> genome);

    /// <summary>Reads a config written by <see cref="ToJson"/>.</summary>
    static abstract TSelf FromJson(string json);

    /// <summary>The genome of this config.</summary>
    /// <exception cref="ArgumentException">An active property holds a value that is not one of its choices.</exception>
    int[] ToGenome();

    /// <summary>The active parameters as a JSON object, in declaration order.</summary>
    string ToJson();
}
