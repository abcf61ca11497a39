using System.Text;
using System.Text.Json;

namespace StochasticMutatorTuner.Space;

/// <summary>One parameter as a study records it: everything as canonical text, no .NET types.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Kind">The C# name of the value type (<c>int</c>, <c>double</c>, <c>enum</c>, …).</param>
/// <param name="Values">The choices' canonical texts.</param>
/// <param name="Ordered">Whether mutations step along the values.</param>
/// <param name="Parent">The condition's parent, or null.</param>
/// <param name="ParentValues">The parent values (canonical texts) that activate it.</param>
public sealed record ParameterDescription(string Name, string Kind, IReadOnlyList<string> Values, bool Ordered, string? Parent, IReadOnlyList<string> ParentValues);

/// <summary>Writes and reads a space's description as JSON (no reflection), and compares a stored one with a new space.</summary>
public static class SpaceDescription
{
    /// <summary>The description of <paramref name="space"/>.</summary>
    public static IReadOnlyList<ParameterDescription> Describe(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.Parameters.Select(p => new ParameterDescription(
            p.Name,
            ParamValues.KindName(p.Kind),
            p.Values.Select(ParamValues.Format).ToArray(),
            p.Ordered,
            p.Condition?.Parent,
            p.Condition is { } c ? c.AllowedIndices.Select(i => ParamValues.Format(space[c.Parent].Values[i])).ToArray() : Array.Empty<string>())).ToArray();
    }

    /// <summary>The description of <paramref name="space"/> as compact JSON.</summary>
    public static string ToJson(SearchSpace space)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("parameters");
            foreach (var p in Describe(space))
            {
                writer.WriteStartObject();
                writer.WriteString("name", p.Name);
                writer.WriteString("kind", p.Kind);
                writer.WriteBoolean("ordered", p.Ordered);
                writer.WriteStartArray("values");
                foreach (var v in p.Values)
                {
                    writer.WriteStringValue(v);
                }

                writer.WriteEndArray();
                if (p.Parent is not null)
                {
                    writer.WriteStartObject("when");
                    writer.WriteString("parent", p.Parent);
                    writer.WriteStartArray("values");
                    foreach (var v in p.ParentValues)
                    {
                        writer.WriteStringValue(v);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a description written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not such a description.</exception>
    public static IReadOnlyList<ParameterDescription> Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var result = new List<ParameterDescription>();
            foreach (var p in doc.RootElement.GetProperty("parameters").EnumerateArray())
            {
                string? parent = null;
                IReadOnlyList<string> parentValues = Array.Empty<string>();
                if (p.TryGetProperty("when", out var when))
                {
                    parent = when.GetProperty("parent").GetString();
                    parentValues = Strings(when.GetProperty("values"));
                }

                result.Add(new ParameterDescription(
                    p.GetProperty("name").GetString() ?? throw new FormatException("a parameter has no name"),
                    p.GetProperty("kind").GetString() ?? "",
                    Strings(p.GetProperty("values")),
                    p.GetProperty("ordered").GetBoolean(),
                    parent,
                    parentValues));
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Not a search space description: {ex.Message}", ex);
        }

        static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
    }

    /// <summary>
    /// Rebuilds a space from its description, for reading a stored study without its .NET config type: numbers,
    /// strings and booleans get their types back; enum values become their member names (strings).
    /// </summary>
    public static SearchSpace ToSpace(IReadOnlyList<ParameterDescription> description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var byName = description.ToDictionary(p => p.Name, StringComparer.Ordinal);
        return new SearchSpace(description.Select(p =>
        {
            ParameterCondition? condition = null;
            if (p.Parent is { } parent && byName.TryGetValue(parent, out var parentDescription))
            {
                condition = new ParameterCondition(parent, p.ParentValues.Select(v => IndexOf(parentDescription.Values, v)).Where(i => i >= 0).ToArray());
            }

            return new ParameterSpec(p.Name, ParseValues(p.Kind, p.Values), p.Ordered, condition);
        }));

        static int IndexOf(IReadOnlyList<string> values, string value)
        {
            for (int i = 0; i < values.Count; i++)
            {
                if (values[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>Parses canonical value texts back into values of the kind named by <paramref name="kind"/> (<c>int</c>, <c>double</c>, …); enums stay strings.</summary>
    public static object[] ParseValues(string kind, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var n = System.Globalization.NumberStyles.Float;
        return kind switch
        {
            "int" => values.Select(v => (object)int.Parse(v, c)).ToArray(),
            "long" => values.Select(v => (object)long.Parse(v, c)).ToArray(),
            "float" => values.Select(v => (object)float.Parse(v, n, c)).ToArray(),
            "double" => values.Select(v => (object)double.Parse(v, n, c)).ToArray(),
            "decimal" => values.Select(v => (object)decimal.Parse(v, n, c)).ToArray(),
            "bool" => values.Select(v => (object)(v == "true")).ToArray(),
            _ => values.Select(v => (object)v).ToArray(),
        };
    }

    /// <summary>
    /// What changed from a stored space to <paramref name="current"/>. Added values and changed order flags are
    /// compatible (old trials map onto the new space unchanged); anything else is not.
    /// </summary>
    public static SpaceComparison Compare(IReadOnlyList<ParameterDescription> stored, SearchSpace current)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var now = Describe(current).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var changes = new List<SpaceChange>();
        var storedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var old in stored)
        {
            storedNames.Add(old.Name);
            if (!now.TryGetValue(old.Name, out var p))
            {
                changes.Add(new SpaceChange(old.Name, $"parameter '{old.Name}' was removed", false));
                continue;
            }

            if (old.Kind != p.Kind)
            {
                changes.Add(new SpaceChange(old.Name, $"parameter '{old.Name}' changed type from {old.Kind} to {p.Kind}", false));
                continue;
            }

            var removed = old.Values.Except(p.Values, StringComparer.Ordinal).ToArray();
            if (removed.Length > 0)
            {
                changes.Add(new SpaceChange(old.Name, $"parameter '{old.Name}' lost the value(s) {string.Join(", ", removed)}", false));
            }

            var added = p.Values.Except(old.Values, StringComparer.Ordinal).ToArray();
            if (added.Length > 0)
            {
                changes.Add(new SpaceChange(old.Name, $"parameter '{old.Name}' gained the value(s) {string.Join(", ", added)}", true));
            }

            if (old.Ordered != p.Ordered)
            {
                changes.Add(new SpaceChange(old.Name, $"parameter '{old.Name}' is {(p.Ordered ? "now" : "no longer")} ordered", true));
            }

            if (old.Parent != p.Parent || !old.ParentValues.OrderBy(v => v, StringComparer.Ordinal).SequenceEqual(p.ParentValues.OrderBy(v => v, StringComparer.Ordinal)))
            {
                changes.Add(new SpaceChange(old.Name, $"the condition of parameter '{old.Name}' changed from {ConditionText(old)} to {ConditionText(p)}", false));
            }
        }

        foreach (var p in now.Values.Where(p => !storedNames.Contains(p.Name)))
        {
            changes.Add(new SpaceChange(p.Name, $"parameter '{p.Name}' was added", false));
        }

        return new SpaceComparison(changes);

        static string ConditionText(ParameterDescription p) =>
            p.Parent is null ? "always active" : $"active when {p.Parent} is {string.Join(" or ", p.ParentValues)}";
    }
}

/// <summary>One difference between a stored space and the current one.</summary>
/// <param name="Parameter">The parameter concerned.</param>
/// <param name="Description">What changed, in words.</param>
/// <param name="IsCompatible">True when old trials still map onto the new space.</param>
public sealed record SpaceChange(string Parameter, string Description, bool IsCompatible);

/// <summary>All differences between a stored space and the current one.</summary>
/// <param name="Changes">The differences.</param>
public sealed record SpaceComparison(IReadOnlyList<SpaceChange> Changes)
{
    /// <summary>True when every change is compatible (or nothing changed).</summary>
    public bool IsCompatible => Changes.All(c => c.IsCompatible);

    /// <summary>The incompatible changes, one per line.</summary>
    public string Describe() => string.Join(Environment.NewLine, Changes.Where(c => !c.IsCompatible).Select(c => "  - " + c.Description));
}
