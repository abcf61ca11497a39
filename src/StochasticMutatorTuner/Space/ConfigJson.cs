using System.ComponentModel;
using System.Text.Json;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;

namespace StochasticMutatorTuner.Space;

/// <summary>
/// JSON for configs, from the space's metadata (no reflection): an object with one member per active parameter,
/// in space order, holding a typed JSON value — a number for int, long, float, double and decimal, true/false for
/// bool, a string for string and for an enum (its member name). The one writer of config JSON: generated
/// <c>ToJson</c>, <c>smt best --json</c> and the study export all go through it, so their output reads back with the
/// generated <c>FromJson</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConfigJson
{
    /// <summary>The active parameters of <paramref name="genome"/> as a JSON object.</summary>
    public static string Write(SearchSpace space, ReadOnlySpan<int> genome)
    {
        ArgumentNullException.ThrowIfNull(space);
        var active = space.GetActive(genome);
        var values = new List<KeyValuePair<string, object>>();
        for (int i = 0; i < space.Count; i++)
        {
            if (active[i])
            {
                values.Add(new(space.Parameters[i].Name, space.Parameters[i].Values[genome[i]]));
            }
        }

        return Write(values);
    }

    /// <summary>Named parameter values (e.g. a stored trial's) as a JSON object, in the given order.</summary>
    internal static string Write(IEnumerable<KeyValuePair<string, object>> values) => StorageJson.Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (name, value) in values)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    });

    /// <summary>One parameter value as a typed JSON value.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case int v: writer.WriteNumberValue(v); break;
            case long v: writer.WriteNumberValue(v); break;
            case float v when float.IsFinite(v): writer.WriteNumberValue(v); break;
            case double v when double.IsFinite(v): writer.WriteNumberValue(v); break;
            case decimal v: writer.WriteNumberValue(v); break;
            case bool v: writer.WriteBooleanValue(v); break;
            default: writer.WriteStringValue(ParamValues.Format(value)); break; // strings, enum members (and NaN, which JSON has no number for)
        }
    }

    /// <summary>Reads a JSON object written by <see cref="Write(SearchSpace, ReadOnlySpan{int})"/> into a genome of <paramref name="space"/>.</summary>
    /// <exception cref="FormatException">
    /// Not a JSON object; a member that is no parameter, or is given twice; a value of the wrong JSON type or not
    /// among the parameter's choices; or a missing active parameter. The message names the parameter.
    /// </exception>
    public static int[] ReadGenome(SearchSpace space, string json)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The config is not valid JSON: {ex.Message}", ex);
        }

        var genome = new int[space.Count];
        var given = new bool[space.Count];
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"A config must be a JSON object, not {Describe(document.RootElement)}.");
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (!space.Contains(member.Name))
                {
                    throw new FormatException($"The config JSON has '{member.Name}', which is not a parameter of this space; its parameters are {string.Join(", ", space.Parameters.Select(p => p.Name))}.");
                }

                int i = space.IndexOf(member.Name);
                if (given[i])
                {
                    throw new FormatException($"The config JSON gives parameter '{member.Name}' more than once.");
                }

                genome[i] = IndexOfValue(space.Parameters[i], member.Value);
                given[i] = true;
            }
        }

        var active = space.GetActive(genome);
        for (int i = 0; i < space.Count; i++)
        {
            if (active[i] && !given[i])
            {
                throw new FormatException($"The config JSON has no value for the active parameter '{space.Parameters[i].Name}'.");
            }
        }

        return genome;
    }

    /// <summary>The index of a JSON value among the parameter's choices; a clear error when it is of the wrong type or not a choice.</summary>
    private static int IndexOfValue(ParameterSpec parameter, JsonElement json)
    {
        object value = ReadValue(parameter, json)
            ?? throw new FormatException($"Parameter '{parameter.Name}' must be {Expected(parameter)}, but the config JSON has {Describe(json)}.");
        int index = parameter.IndexOf(value);
        return index >= 0
            ? index
            : throw new FormatException($"Parameter '{parameter.Name}' is {ParamValues.Format(value)} in the config JSON, which is not one of its choices [{string.Join(", ", parameter.Values.Select(ParamValues.Format))}].");
    }

    /// <summary>The JSON value as a value of the parameter's kind, or null when it has another JSON type or does not fit.</summary>
    private static object? ReadValue(ParameterSpec parameter, JsonElement json) => parameter.Kind switch
    {
        ParamKind.Int32 => WholeNumber(json) is { } l && l is >= int.MinValue and <= int.MaxValue ? (int)l : null,
        ParamKind.Int64 => WholeNumber(json),
        ParamKind.Single => json.ValueKind == JsonValueKind.Number && json.TryGetSingle(out float f) && float.IsFinite(f) ? f : null,
        ParamKind.Double => json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out double d) && double.IsFinite(d) ? d : null,
        ParamKind.Decimal => json.ValueKind == JsonValueKind.Number && json.TryGetDecimal(out decimal m) ? m : null,
        ParamKind.Boolean => json.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null },
        _ => json.ValueKind == JsonValueKind.String ? json.GetString() : null, // string, or an enum's member name
    };

    /// <summary>A JSON number that is a whole number (<c>3</c> or <c>3.0</c>), or null.</summary>
    private static long? WholeNumber(JsonElement json) =>
        json.ValueKind != JsonValueKind.Number ? null
        : json.TryGetInt64(out long l) ? l
        : json.TryGetDecimal(out decimal m) && m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue ? (long)m
        : null;

    private static string Expected(ParameterSpec parameter) => parameter.Kind switch
    {
        ParamKind.Int32 or ParamKind.Int64 => $"a whole JSON number ({ParamValues.KindName(parameter.Kind)})",
        ParamKind.Single or ParamKind.Double or ParamKind.Decimal => $"a JSON number ({ParamValues.KindName(parameter.Kind)})",
        ParamKind.Boolean => "true or false",
        ParamKind.String => "a JSON string",
        _ => $"a JSON string naming a member of {parameter.Values[0].GetType().Name}",
    };

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => "the string " + Quoted(json),
        JsonValueKind.Number => "the number " + json.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => json.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Quoted(JsonElement json)
    {
        string raw = json.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "...\"";
    }
}
