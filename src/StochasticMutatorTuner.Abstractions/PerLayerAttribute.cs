using System;

namespace StochasticMutatorTuner;

/// <summary>
/// Turns an array or list <see cref="ParamAttribute">[Param]</see> property into one parameter per layer, whose
/// count comes from an integer parameter: element <c>i</c> is active only while the count is greater than <c>i</c>.
/// </summary>
/// <remarks>
/// The typed form of the original tuner's <c>for x in range(hp.Param('num_layers', …))</c>. Elements are named
/// <c>Units[0]</c>, <c>Units[1]</c>, … and the property gets an array as long as the current count.
/// </remarks>
/// <example>
/// <code>
/// [Param(1, 2, 3, 4, Ordered = true)] public int Layers { get; set; }
/// [Param(50, 100, 200, Ordered = true), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class PerLayerAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="countParameter">The integer <c>[Param]</c> property that holds the number of layers; use <c>nameof</c>.</param>
    public PerLayerAttribute(string countParameter) => CountParameter = countParameter;

    /// <summary>The integer parameter that holds the number of elements.</summary>
    public string CountParameter { get; }
}
