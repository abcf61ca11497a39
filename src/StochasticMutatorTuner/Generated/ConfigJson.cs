using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;

namespace StochasticMutatorTuner.Generated;

/// <summary>
/// JSON for configs, from the space's metadata (no reflection): an object with one member per active parameter,
/// in space order, holding a JSON number, string (also for enums) or boolean.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConfigJson
{
    /// <summary>The active parameters of <paramref name="genome"/> as a JSON object.</summary>
    public static string Write(SearchSpace space, ReadOnlySpan<int> genome)
    {
        ArgumentNullException.ThrowIfNull(space);
        var active = space.GetActive(genome);
        var indices = genome.ToArray();
        return StorageJson.Write(writer =>
        {
            writer.WriteStartObject();
            for (int i = 0; i < space.Count; i++)
            {
                if (!active[i])
                {
                    continue;
                }

                var p = space.Parameters[i];
                writer.WritePropertyName(p.Name);
                WriteValue(writer, p.Values[indices[i]]);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>One parameter value as JSON: a number, a boolean, or its canonical text (strings, enums).</summary>
    internal static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case int v: writer.WriteNumberValue(v); break;
            case long v: writer.WriteNumberValue(v); break;
            case float v: writer.WriteNumberValue(v); break;
            case double v: writer.WriteNumberValue(v); break;
            case decimal v: writer.WriteNumberValue(v); break;
            case bool v: writer.WriteBooleanValue(v); break;
            default: writer.WriteStringValue(ParamValues.Format(value)); break;
        }
    }

    /// <summary>Reads a JSON object written by <see cref="Write"/> into a genome of <paramref name="space"/>.</summary>
    /// <exception cref="FormatException">Not an object, an unknown parameter, a value that is not a choice, or a missing active parameter.</exception>
    public static int[] ReadGenome(SearchSpace space, string json)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(json);
        var genome = new int[space.Count];
        var given = new bool[space.Count];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("A config must be a JSON object.");
            }

            foreach (var member in doc.RootElement.EnumerateObject())
            {
                if (!space.Contains(member.Name))
                {
                    throw new FormatException($"The space has no parameter named '{member.Name}'.");
                }

                int i = space.IndexOf(member.Name);
                string text = CanonicalText(space.Parameters[i].Kind, member.Value);
                int index = -1;
                for (int v = 0; v < space.Parameters[i].Values.Count && index < 0; v++)
                {
                    if (space.FormatValue(i, v) == text)
                    {
                        index = v;
                    }
                }

                genome[i] = index >= 0
                    ? index
                    : throw new FormatException($"{text} is not a choice of parameter '{member.Name}' [{string.Join(", ", space.Parameters[i].Values.Select(ParamValues.Format))}].");
                given[i] = true;
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"A value has the wrong JSON type: {ex.Message}", ex);
        }

        var active = space.GetActive(genome);
        for (int i = 0; i < space.Count; i++)
        {
            if (active[i] && !given[i])
            {
                throw new FormatException($"The JSON has no value for the active parameter '{space.Parameters[i].Name}'.");
            }
        }

        return genome;
    }

    private static string CanonicalText(ParamKind kind, JsonElement value) => kind switch
    {
        ParamKind.Int32 or ParamKind.Int64 => value.GetInt64().ToString(CultureInfo.InvariantCulture),
        ParamKind.Single => value.GetSingle().ToString("R", CultureInfo.InvariantCulture),
        ParamKind.Double => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        ParamKind.Decimal => value.GetDecimal().ToString(CultureInfo.InvariantCulture),
        ParamKind.Boolean => value.GetBoolean() ? "true" : "false",
        _ => value.GetString() ?? "null",
    };
}
