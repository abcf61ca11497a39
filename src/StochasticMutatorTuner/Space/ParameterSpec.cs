namespace StochasticMutatorTuner.Space;

/// <summary>One axis of a search space: a name, a finite list of values of one kind, and how it mutates.</summary>
public sealed class ParameterSpec
{
    /// <summary>Creates a parameter. Values are checked by <see cref="SearchSpace"/>.</summary>
    /// <param name="name">Unique within the space.</param>
    /// <param name="values">The choices, in order; at least one, no duplicates, all of one kind.</param>
    /// <param name="ordered">True when a mutation moves one step along <paramref name="values"/>.</param>
    /// <param name="condition">When the parameter is active; null for always.</param>
    public ParameterSpec(string name, IReadOnlyList<object> values, bool ordered = false, ParameterCondition? condition = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException($"Parameter '{name}' has no values.", nameof(values));
        }

        Name = name;
        Kind = ParamValues.KindOf(values[0]);
        var copy = new object[values.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < values.Count; i++)
        {
            var value = values[i] ?? throw new ArgumentException($"Parameter '{name}' has a null value at position {i}.", nameof(values));
            if (ParamValues.KindOf(value) != Kind || (Kind == ParamKind.Enum && value.GetType() != values[0].GetType()))
            {
                throw new ArgumentException($"Parameter '{name}' mixes value types: {values[0].GetType().Name} and {value.GetType().Name}.", nameof(values));
            }

            if (!seen.Add(ParamValues.Format(value)))
            {
                throw new ArgumentException($"Parameter '{name}' lists the value {ParamValues.Format(value)} twice.", nameof(values));
            }

            copy[i] = value;
        }

        Values = copy;
        Ordered = ordered;
        Condition = condition;
    }

    /// <summary>The parameter's name.</summary>
    public string Name { get; }

    /// <summary>The kind of its values.</summary>
    public ParamKind Kind { get; }

    /// <summary>The choices, in order.</summary>
    public IReadOnlyList<object> Values { get; }

    /// <summary>True when mutations move one step along <see cref="Values"/>.</summary>
    public bool Ordered { get; }

    /// <summary>When the parameter is active; null for always.</summary>
    public ParameterCondition? Condition { get; }

    /// <summary>The position of <paramref name="value"/> in <see cref="Values"/>, or -1.</summary>
    public int IndexOf(object? value)
    {
        for (int i = 0; i < Values.Count; i++)
        {
            if (ParamValues.AreEqual(Values[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {ParamValues.KindName(Kind)} [{string.Join(", ", Values.Select(ParamValues.Format))}]{(Ordered ? " ordered" : "")}" +
        (Condition is null ? "" : $" when {Condition.Parent} in [{string.Join(", ", Condition.AllowedIndices)}]");
}
