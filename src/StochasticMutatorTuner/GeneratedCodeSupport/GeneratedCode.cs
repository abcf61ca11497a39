using System.ComponentModel;
using System.Text;
using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.GeneratedCodeSupport;

/// <summary>
/// Helpers the source generator's output calls, so each generated file stays short and readable. Not meant to be
/// called by hand; the signatures may change with the generator.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedCode
{
    /// <summary>The values as the object list a <see cref="ParameterSpec"/> takes.</summary>
    public static IReadOnlyList<object> Box<T>(T[] values)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(values);
        var boxed = new object[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            boxed[i] = values[i];
        }

        return boxed;
    }

    /// <summary>Throws unless the genome fits the space.</summary>
    public static void CheckGenome(SearchSpace space, ReadOnlySpan<int> genome)
    {
        ArgumentNullException.ThrowIfNull(space);
        space.Validate(genome);
    }

    /// <summary>
    /// <paramref name="genome"/> with the parameter named <paramref name="parameterName"/> mutated in place (see
    /// <see cref="Strategies.Mutation.MutateOne"/>): what the generated <c>Mutate</c> calls, so generated code depends
    /// on this support type only, not on the strategies' API.
    /// </summary>
    public static int[] Mutate(SearchSpace space, int[] genome, string parameterName, Random random)
    {
        ArgumentNullException.ThrowIfNull(space);
        Strategies.Mutation.MutateOne(space, genome, space.IndexOf(parameterName), random);
        return genome;
    }

    /// <summary>
    /// The exception every generated member of a config type with an invalid space throws. The build reports the
    /// space's SMT errors; this only runs when they were suppressed.
    /// </summary>
    public static InvalidOperationException InvalidSpace(string typeName) => new(
        $"{typeName} has no valid search space: its [Param] declarations have errors (the SMT diagnostics of the build), " +
        "so its generated members are placeholders. Fix those errors and rebuild.");

    /// <summary>The index of <paramref name="value"/> among <paramref name="values"/>, or -1.</summary>
    public static int IndexOf<T>(T[] values, T value)
    {
        ArgumentNullException.ThrowIfNull(values);
        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < values.Length; i++)
        {
            if (comparer.Equals(values[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first <paramref name="count"/> per-layer values of a genome's slots.</summary>
    public static T[] Layers<T>(T[] values, ReadOnlySpan<int> slots, int count)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new T[Math.Clamp(count, 0, slots.Length)];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = values[slots[i]];
        }

        return result;
    }

    /// <summary>Writes the indices of a per-layer list into its genome slots (-1 for a value not among the choices or a missing element).</summary>
    public static void IndexLayers<T>(T[] values, IEnumerable<T>? items, int[] genome, int start, int slots)
    {
        ArgumentNullException.ThrowIfNull(genome);
        int i = 0;
        if (items is not null)
        {
            foreach (var item in items)
            {
                if (i == slots)
                {
                    break;
                }

                genome[start + i++] = IndexOf(values, item);
            }
        }

        for (; i < slots; i++)
        {
            genome[start + i] = -1;
        }
    }

    /// <summary>
    /// Finishes an encoded genome: an inactive slot without a valid value gets index 0; an active one is an error
    /// naming the parameter and its choices.
    /// </summary>
    public static bool Complete(SearchSpace space, int[] genome, out string? error)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(genome);
        var invalid = new List<int>();
        for (int i = 0; i < genome.Length; i++)
        {
            if (genome[i] < 0)
            {
                invalid.Add(i);
                genome[i] = 0;
            }
        }

        error = null;
        if (invalid.Count == 0)
        {
            return true;
        }

        var active = space.GetActive(genome);
        foreach (int i in invalid)
        {
            if (active[i])
            {
                var p = space.Parameters[i];
                error = $"Parameter '{p.Name}' is active but its value is missing or not one of its choices [{string.Join(", ", p.Values.Select(ParamValues.Format))}].";
                return false;
            }
        }

        return true;
    }

    /// <summary><c>Name { A = 1, Units = [50, 100], … }</c> with the active parameters, or the encoding error.</summary>
    public static string Describe(string typeName, SearchSpace space, int[]? genome, string? error)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (genome is null)
        {
            return $"{typeName} {{ invalid: {error} }}";
        }

        var text = new StringBuilder(typeName).Append(" { ");
        var parts = new List<string>();
        string? listName = null;
        var list = new List<string>();
        foreach (var (name, value) in space.ActiveValues(genome))
        {
            int bracket = name.EndsWith(']') ? name.LastIndexOf('[') : -1;
            string baseName = bracket > 0 ? name[..bracket] : name;
            if (listName is not null && baseName != listName)
            {
                parts.Add($"{listName} = [{string.Join(", ", list)}]");
                listName = null;
                list.Clear();
            }

            if (bracket > 0)
            {
                listName = baseName;
                list.Add(ParamValues.Format(value));
            }
            else
            {
                parts.Add($"{name} = {ParamValues.Format(value)}");
            }
        }

        if (listName is not null)
        {
            parts.Add($"{listName} = [{string.Join(", ", list)}]");
        }

        return text.Append(string.Join(", ", parts)).Append(" }").ToString();
    }
}
