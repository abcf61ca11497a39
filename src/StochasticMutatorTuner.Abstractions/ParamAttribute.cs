using System;

namespace StochasticMutatorTuner;

/// <summary>
/// Declares a property of a <c>partial</c> config class as a hyperparameter with a finite list of choices.
/// </summary>
/// <remarks>
/// <para>The source generator turns every <c>[Param]</c> property of a class into one axis of the class's
/// search space. <c>bool</c> properties default to <c>{ false, true }</c> and enum properties to all their members
/// when no values are given; every other type needs at least one value.</para>
/// <para>With <see cref="Ordered"/> the values form a scale (batch sizes, layer counts, rates): a mutation moves
/// to a neighbouring value. Without it a mutation takes any other value.</para>
/// <para>On an array or list property combined with <see cref="PerLayerAttribute"/> the values are the choices
/// of each element.</para>
/// </remarks>
/// <example>
/// <code>
/// [Param(32, 64, 128, 256, Ordered = true)] public int BatchSize { get; set; }
/// [Param("tanh", "relu", "elu")]             public string Activation { get; set; } = "relu";
/// [Param]                                    public bool Dropout { get; set; }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ParamAttribute : Attribute
{
    /// <summary>Declares a <c>bool</c> or enum parameter whose choices are all values of its type.</summary>
    public ParamAttribute() => Values = Array.Empty<object?>();

    /// <summary>Declares a parameter with the given choices, in order.</summary>
    /// <param name="values">The choices; constants convertible to the property's type (or element type).</param>
    public ParamAttribute(params object?[] values) => Values = values ?? Array.Empty<object?>();

    /// <summary>The choices, as written.</summary>
    public object?[] Values { get; }

    /// <summary>True when the values form a scale and a mutation should move one step along it.</summary>
    public bool Ordered { get; set; }

    /// <summary>The name stored in studies and reports; defaults to the property name.</summary>
    public string? Name { get; set; }
}
