using System.Text.Json;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Cli.Dashboard;

/// <summary>
/// The JSON the dashboard page reads, live from the server or embedded in a static report. Compact on purpose
/// (a 10,000-trial study is one response): a trial's parameters are an array in the order of the study's
/// parameter list, null where inactive. The default JSON encoder escapes &lt;, &gt;, &amp; and quotes, so the
/// text is safe inside a &lt;script&gt; element.
/// </summary>
internal static class DashboardJson
{
    /// <summary>Every study with its counts and best: <c>{storage, studies: [{name, direction, trials, complete, pruned, failed, running, best, bestNumber}]}</c>.</summary>
    public static string Studies(string storage, IReadOnlyList<StudySnapshot> studies) => StorageJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("storage", storage);
        w.WriteStartArray("studies");
        foreach (var s in studies)
        {
            WriteSummary(w, s);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// The study's parameters and the trials that changed after <paramref name="since"/> (all with 0):
    /// <c>{name, direction, sequence, parameters: [{name, values, ordered, parent, when}], trials: [...]}</c>.
    /// </summary>
    public static string Study(StudySnapshot snapshot, long since) => StorageJson.Write(w => WriteStudy(w, snapshot, since));

    /// <summary>Importance with intervals: <c>{scored, resamples, message, parameters: [{name, importance, low, high, epsilon2, trials}]}</c>.</summary>
    public static string Importance(ImportanceReport report) => StorageJson.Write(w => WriteImportance(w, report));

    /// <summary>Everything a static report needs, in one document: <c>{storage, studies, study, importance, generatedAt}</c>.</summary>
    public static string Report(string storage, StudySnapshot snapshot, ImportanceReport importance, DateTimeOffset generatedAt) => StorageJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("storage", storage);
        w.WriteStartArray("studies");
        WriteSummary(w, snapshot);
        w.WriteEndArray();
        w.WritePropertyName("study");
        WriteStudy(w, snapshot, 0);
        w.WritePropertyName("importance");
        WriteImportance(w, importance);
        w.WriteNumber("generatedAt", StorageJson.ToUnixMs(generatedAt));
        w.WriteEndObject();
    });

    private static void WriteSummary(Utf8JsonWriter w, StudySnapshot s)
    {
        var trials = s.Trials;
        w.WriteStartObject();
        w.WriteString("name", s.Study.Name);
        w.WriteString("direction", s.Study.Direction.ToText());
        w.WriteNumber("trials", trials.Count);
        foreach (var state in Enum.GetValues<TrialState>())
        {
            w.WriteNumber(state.ToText(), trials.Count(t => t.State == state));
        }

        if (Best(s) is { } best)
        {
            w.WriteNumber("best", best.Score!.Value);
            w.WriteNumber("bestNumber", best.Number);
        }

        w.WriteEndObject();
    }

    private static void WriteStudy(Utf8JsonWriter w, StudySnapshot snapshot, long since)
    {
        var study = snapshot.Study;
        var names = ParameterNames(snapshot);
        w.WriteStartObject();
        w.WriteString("name", study.Name);
        w.WriteString("direction", study.Direction.ToText());
        w.WriteNumber("sequence", snapshot.Sequence);
        w.WriteNumber("trialCount", snapshot.Trials.Count);
        if (Best(snapshot) is { } best)
        {
            w.WriteNumber("bestNumber", best.Number);
        }

        w.WriteStartArray("parameters");
        foreach (var name in names)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteStartArray("values");
            var spec = study.Space.Contains(name) ? study.Space[name] : null;
            foreach (var value in spec?.Values ?? Array.Empty<object>())
            {
                w.WriteStringValue(ParamValues.Format(value));
            }

            w.WriteEndArray();
            w.WriteBoolean("ordered", spec?.Ordered ?? false);
            if (spec?.Condition is { } condition && study.Space.Contains(condition.Parent))
            {
                w.WriteString("parent", condition.Parent);
                w.WriteStartArray("when");
                foreach (int index in condition.AllowedIndices)
                {
                    w.WriteStringValue(study.Space.FormatValue(study.Space.IndexOf(condition.Parent), index));
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("trials");
        foreach (var t in snapshot.ChangedSince(since))
        {
            WriteTrial(w, t, names);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTrial(Utf8JsonWriter w, TrialRecord t, IReadOnlyList<string> names)
    {
        w.WriteStartObject();
        w.WriteNumber("n", t.Number);
        w.WriteString("state", t.State.ToText());
        if (t.Score is { } score)
        {
            w.WritePropertyName("score");
            StorageJson.WriteNumber(w, score);
        }

        w.WriteStartArray("p");
        foreach (var name in names)
        {
            if (t.Params.TryGetValue(name, out var value))
            {
                w.WriteStringValue(ParamValues.Format(value));
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteEndArray();
        if (t.Metrics.Count > 0)
        {
            StudyExport.WriteMetrics(w, "m", t.Metrics);
        }

        if (t.IntermediateValues.Count > 0)
        {
            StudyExport.WriteSteps(w, "c", t.IntermediateValues);
        }

        w.WriteNumber("start", StorageJson.ToUnixMs(t.StartedAt));
        if (t.FinishedAt is { } finished)
        {
            w.WriteNumber("end", StorageJson.ToUnixMs(finished));
        }

        if (t.Error is { } error)
        {
            w.WriteString("error", error);
        }

        if (t.WorkerId is { } worker)
        {
            w.WriteString("worker", worker);
        }

        w.WriteEndObject();
    }

    private static void WriteImportance(Utf8JsonWriter w, ImportanceReport report)
    {
        w.WriteStartObject();
        w.WriteNumber("scored", report.ScoredTrials);
        w.WriteNumber("resamples", report.Resamples);
        w.WriteNumber("minimumTrials", StudyAnalysis.MinimumTrialsForImportance);
        if (report.Message is { } message)
        {
            w.WriteString("message", message);
        }

        w.WriteStartArray("parameters");
        foreach (var p in report.Parameters)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Parameter);
            w.WriteNumber("importance", p.Importance);
            w.WriteNumber("low", p.Low);
            w.WriteNumber("high", p.High);
            w.WriteNumber("epsilon2", p.ExplainedVariance);
            w.WriteNumber("trials", p.Trials);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The space's parameters, then any a stored trial has beyond them (a grown define-by-run space).</summary>
    private static List<string> ParameterNames(StudySnapshot snapshot)
    {
        var names = snapshot.Study.Space.Parameters.Select(p => p.Name).ToList();
        var known = names.ToHashSet(StringComparer.Ordinal);
        foreach (var t in snapshot.Trials)
        {
            foreach (var name in t.Params.Keys)
            {
                if (known.Add(name))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    private static TrialRecord? Best(StudySnapshot snapshot) => snapshot.Study.BestTrial;
}
