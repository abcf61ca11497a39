using System;

namespace StochasticMutatorTuner;

/// <summary>
/// Makes a <see cref="ParamAttribute">[Param]</see> property conditional: it is part of a config only while
/// another parameter (its parent) has one of the given values.
/// </summary>
/// <remarks>
/// An inactive parameter does not count in the config's key (two configs that differ only there are the same
/// trial) and is re-drawn when a mutation switches it on. Conditions may chain (a parent may itself be
/// conditional) but not form cycles.
/// </remarks>
/// <example>
/// <code>
/// [Param] public bool Dropout { get; set; }
/// [Param(0.1, 0.2, 0.3, Ordered = true), ActiveWhen(nameof(Dropout))] public double DropoutRate { get; set; }
///
/// [Param] public Optimizer Optimizer { get; set; }
/// [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), Optimizer.Sgd)] public double Momentum { get; set; }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ActiveWhenAttribute : Attribute
{
    /// <summary>Active while the <c>bool</c> parameter <paramref name="parameter"/> is <c>true</c>.</summary>
    /// <param name="parameter">The parent property's name; use <c>nameof</c>.</param>
    public ActiveWhenAttribute(string parameter)
    {
        Parameter = parameter;
        Values = new object?[] { true };
    }

    /// <summary>Active while <paramref name="parameter"/> has one of <paramref name="values"/>.</summary>
    /// <param name="parameter">The parent property's name; use <c>nameof</c>.</param>
    /// <param name="values">Values from the parent's choices.</param>
    public ActiveWhenAttribute(string parameter, params object?[] values)
    {
        Parameter = parameter;
        Values = values ?? Array.Empty<object?>();
    }

    /// <summary>The parent property's name.</summary>
    public string Parameter { get; }

    /// <summary>The parent values for which this parameter is active.</summary>
    public object?[] Values { get; }
}
