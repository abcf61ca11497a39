using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Dynamic;

/// <summary>
/// The define-by-run API: a build function declares each parameter where it needs it, and gets the value of the
/// current trial back. A parameter is active in a trial exactly when the build function read it.
/// </summary>
/// <example>
/// <code>
/// Model Build(HyperParameters hp)
/// {
///     int layers = hp.Param("num_layers", new[] { 1, 2, 3, 4 }, ordered: true);
///     for (int i = 0; i &lt; layers; i++)
///         AddDense(hp.Param($"units_{i}", new[] { 50, 100, 200 }, ordered: true));
///     if (hp.Param("dropout"))
///         AddDropout(hp.Param("dropout_rate", new[] { 0.1, 0.2, 0.3 }, ordered: true));
///     ...
/// }
/// </code>
/// </example>
/// <remarks>Not thread-safe: one build function call uses one instance.</remarks>
public sealed class HyperParameters
{
    private readonly IParameterSource _source;
    private readonly Dictionary<string, object> _read = new(StringComparer.Ordinal);

    internal HyperParameters(IParameterSource source) => _source = source;

    /// <summary>The parameters read so far in this call, with their values, in reading order.</summary>
    public IReadOnlyDictionary<string, object> Values => _read;

    /// <summary>Declares (on first use) and reads the parameter <paramref name="name"/>.</summary>
    /// <param name="name">Unique in the space; the same name must always come with the same values.</param>
    /// <param name="values">The choices, in order.</param>
    /// <param name="ordered">True when a mutation should move one step along <paramref name="values"/>.</param>
    /// <returns>The parameter's value in this trial.</returns>
    /// <exception cref="ArgumentException">The name is empty, or the values are empty, duplicated or of an unsupported type.</exception>
    /// <exception cref="InvalidOperationException">The name was declared before with other values.</exception>
    public T Param<T>(string name, IReadOnlyList<T> values, bool ordered = false)
        where T : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        var boxed = new object[values.Count];
        for (int i = 0; i < boxed.Length; i++)
        {
            boxed[i] = values[i];
        }

        var value = _source.Read(new ParameterSpec(name, boxed, ordered));
        _read[name] = value;
        return (T)value;
    }

    /// <summary>Declares and reads a <c>bool</c> parameter with the choices <c>{ false, true }</c>.</summary>
    public bool Param(string name) => Param(name, BoolValues);

    /// <summary>The value of an active parameter of this trial (e.g. a train-time value the build function declared), without declaring it.</summary>
    /// <exception cref="KeyNotFoundException">The parameter is not active in this trial.</exception>
    public T Get<T>(string name) =>
        _read.TryGetValue(name, out var value) || _source.TryGet(name, out value)
            ? (T)value
            : throw new KeyNotFoundException($"Parameter '{name}' is not active in this trial (not declared by the build function, or inactive here).");

    private static readonly bool[] BoolValues = { false, true };
}

/// <summary>Where a <see cref="HyperParameters"/> gets values: the resolver while planning, the trial while running.</summary>
internal interface IParameterSource
{
    object Read(ParameterSpec declared);

    bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value);
}
