using System.Globalization;
using System.Text;
using System.Text.Json;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// The JSON column formats shared by the database storages (no reflection, no binary serializers). Non-finite
/// numbers, which JSON lacks, are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </summary>
internal static class StorageJson
{
    public static string WriteParams(IReadOnlyList<KeyValuePair<string, string>> values) => Write(w =>
    {
        w.WriteStartObject();
        foreach (var (name, value) in values)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
    });

    public static IReadOnlyList<KeyValuePair<string, string>> ReadParams(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString() ?? "")).ToArray();
    }

    public static string WriteMetrics(IReadOnlyDictionary<string, double> metrics) => Write(w =>
    {
        w.WriteStartObject();
        foreach (var (name, value) in metrics)
        {
            w.WritePropertyName(name);
            WriteNumber(w, value);
        }

        w.WriteEndObject();
    });

    public static IReadOnlyDictionary<string, double> ReadMetrics(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "{}")
        {
            return TrialRecord.EmptyMetrics;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => ReadNumber(p.Value), StringComparer.Ordinal);
    }

    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static double ReadNumber(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? double.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : element.GetDouble();

    public static string Write(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string StateName(TrialState state) => state.ToText();

    public static TrialState ParseState(string text) =>
        ParseStateOrNull(text) ?? throw new FormatException($"Unknown trial state '{text}' in storage.");

    public static TrialState? ParseStateOrNull(string text) => TrialStateText.ParseState(text);

    public static string FailureKindName(TrialFailureKind kind) => kind.ToText();

    public static TrialFailureKind ParseFailureKind(string text) => TrialStateText.ParseFailureKind(text);

    public static string DirectionName(Direction direction) => direction.ToText();

    public static Direction ParseDirection(string text) =>
        DirectionExtensions.ParseDirection(text) ?? throw new FormatException($"Unknown direction '{text}' in storage.");

    public static long ToUnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
