using System.Globalization;
using System.Text;
using System.Text.Json;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Reporting;

/// <summary>Writes a study's trials as JSON or CSV (no reflection, no binary formats).</summary>
public static class StudyExport
{
    /// <summary>
    /// The study as one JSON document: name, direction, the space's description and every trial (number, key,
    /// state, score, parameters as typed JSON values — the config JSON of each trial —, metrics, per-step values,
    /// times, error, worker).
    /// </summary>
    public static string ToJson(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return StorageJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("study", study.Name);
            w.WriteString("direction", study.Direction.ToText());
            w.WritePropertyName("space");
            using (var space = JsonDocument.Parse(study.Info.SpaceJson))
            {
                space.RootElement.WriteTo(w);
            }

            w.WriteStartArray("trials");
            foreach (var t in study.Trials)
            {
                w.WriteStartObject();
                w.WriteNumber("number", t.Number);
                w.WriteString("key", t.Key.ToString());
                w.WriteString("state", t.State.ToText());
                if (t.Score is { } score)
                {
                    w.WriteNumber("score", score);
                }
                else
                {
                    w.WriteNull("score");
                }

                w.WriteStartObject("params");
                foreach (var (name, value) in t.Params)
                {
                    w.WritePropertyName(name);
                    Space.ConfigJson.WriteValue(w, value);
                }

                w.WriteEndObject();
                WriteMetrics(w, "metrics", t.Metrics);
                WriteSteps(w, "intermediate", t.IntermediateValues);
                w.WriteString("started_at", t.StartedAt.ToString("o", CultureInfo.InvariantCulture));
                WriteOptional(w, "finished_at", t.FinishedAt?.ToString("o", CultureInfo.InvariantCulture));
                WriteOptional(w, "error", t.Error);
                WriteOptional(w, "worker", t.WorkerId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// One CSV row per trial (RFC 4180 quoting, invariant culture): number, state, score, duration, key, worker,
    /// error, then a column per parameter (empty when inactive) and per metric.
    /// </summary>
    public static string ToCsv(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var trials = study.Trials;
        var parameters = study.Space.Parameters.Select(p => p.Name).ToList();
        foreach (var extra in trials.SelectMany(t => t.Params.Keys).Distinct().Where(n => !parameters.Contains(n)))
        {
            parameters.Add(extra);
        }

        var metrics = trials.SelectMany(t => t.Metrics.Keys).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        var header = FixedColumns
            .Concat(parameters).Concat(metrics.Select(m => "metric:" + m));
        text.AppendLine(string.Join(",", header.Select(Quote)));
        foreach (var t in trials)
        {
            var cells = new List<string>
            {
                t.Number.ToString(CultureInfo.InvariantCulture),
                t.State.ToText(),
                t.Score?.ToString("R", CultureInfo.InvariantCulture) ?? "",
                t.Duration?.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) ?? "",
                t.StartedAt.ToString("o", CultureInfo.InvariantCulture),
                t.Key.ToString(),
                t.WorkerId ?? "",
                t.Error ?? "",
            };
            cells.AddRange(parameters.Select(p => t.Params.TryGetValue(p, out var v) ? ParamValues.Format(v) : ""));
            cells.AddRange(metrics.Select(m => t.Metrics.TryGetValue(m, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : ""));
            text.AppendLine(string.Join(",", cells.Select(Quote)));
        }

        return text.ToString();
    }

    /// <summary>Writes metrics as an object of numbers (non-finite ones as text); the dashboard's JSON uses it too.</summary>
    internal static void WriteMetrics(Utf8JsonWriter w, string property, IReadOnlyDictionary<string, double> metrics)
    {
        w.WriteStartObject(property);
        foreach (var (name, value) in metrics)
        {
            w.WritePropertyName(name);
            StorageJson.WriteNumber(w, value);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes per-step values as an array of [step, value] pairs; the dashboard's JSON uses it too.</summary>
    internal static void WriteSteps(Utf8JsonWriter w, string property, IReadOnlyList<IntermediateValue> values)
    {
        w.WriteStartArray(property);
        foreach (var v in values)
        {
            w.WriteStartArray();
            w.WriteNumberValue(v.Step);
            StorageJson.WriteNumber(w, v.Value);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static readonly string[] FixedColumns = { "number", "state", "score", "duration_s", "started_at", "key", "worker", "error" };

    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\n\r");

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
