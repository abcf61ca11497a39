using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Reporting;

/// <summary>How one value of a parameter fared.</summary>
/// <param name="Value">The value's canonical text.</param>
/// <param name="Tried">Trials in which the parameter was active with this value (any state).</param>
/// <param name="Scored">Of those, complete trials with a finite score.</param>
/// <param name="Best">The best score among them, or null.</param>
/// <param name="Mean">The mean score among them, or null.</param>
/// <param name="Median">The median score among them, or null.</param>
public sealed record ValueStatistics(string Value, int Tried, int Scored, double? Best, double? Mean, double? Median);

/// <summary>How a parameter's values fared.</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Values">One entry per value of the space, in order (plus values only stored trials have).</param>
public sealed record ParameterStatistics(string Parameter, IReadOnlyList<ValueStatistics> Values);

/// <summary>How much a parameter's value explains the score.</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Importance">Share of the total, in [0, 1]; the importances of a study sum to 1 (or are all 0).</param>
/// <param name="ExplainedVariance">ε²: the share of the variance of score ranks, among the trials where the parameter was active, that its value explains beyond chance.</param>
/// <param name="Trials">The scored trials in which the parameter was active (the ones it is judged on).</param>
public sealed record ParameterImportance(string Parameter, double Importance, double ExplainedVariance, int Trials);

/// <summary>Summaries of a study's trials: the top trials, per-parameter statistics, and parameter importance.</summary>
public static class StudyAnalysis
{
    /// <summary>The best <paramref name="count"/> scored trials, best first (ties: earlier first).</summary>
    public static IReadOnlyList<TrialRecord> TopTrials(Study study, int count = 10)
    {
        ArgumentNullException.ThrowIfNull(study);
        var scored = study.Trials.Where(t => t.HasScore);
        var ordered = study.Direction == Direction.Minimize
            ? scored.OrderBy(t => t.Score).ThenBy(t => t.Number)
            : scored.OrderByDescending(t => t.Score).ThenBy(t => t.Number);
        return ordered.Take(count).ToList();
    }

    /// <summary>For every parameter and value: how often it was tried and how its scored trials did.</summary>
    public static IReadOnlyList<ParameterStatistics> Statistics(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var trials = study.Trials;
        var result = new List<ParameterStatistics>();
        foreach (var name in ParameterNames(study, trials))
        {
            var known = study.Space.Contains(name) ? study.Space[name].Values.Select(ParamValues.Format).ToList() : new List<string>();
            var byValue = trials.Where(t => t.Params.ContainsKey(name)).GroupBy(t => ParamValues.Format(t.Params[name])).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var extra in byValue.Keys.Where(v => !known.Contains(v)).OrderBy(v => v, StringComparer.Ordinal))
            {
                known.Add(extra);
            }

            result.Add(new ParameterStatistics(name, known.Select(v =>
            {
                var group = byValue.GetValueOrDefault(v) ?? new List<TrialRecord>();
                var scores = group.Where(t => t.HasScore).Select(t => t.Score!.Value).OrderBy(s => s).ToList();
                return new ValueStatistics(
                    v,
                    group.Count,
                    scores.Count,
                    scores.Count == 0 ? null : study.Direction == Direction.Minimize ? scores[0] : scores[^1],
                    scores.Count == 0 ? null : scores.Average(),
                    scores.Count == 0 ? null : Median(scores));
            }).ToList()));
        }

        return result;
    }

    /// <summary>
    /// Parameter importance that understands conditions: each parameter is judged only on the scored trials in
    /// which it was active. Its raw importance is ε² (epsilon squared, the bias-corrected correlation ratio) of the
    /// score ranks grouped by its value on those trials — the share of rank variance between its values beyond what
    /// chance would give — and the shares are normalized to sum to 1. Ranks make it robust to outlying scores; a
    /// parameter needs at least 4 such trials and two observed values, else it gets 0. Most important first.
    /// </summary>
    public static IReadOnlyList<ParameterImportance> Importance(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var scored = study.Trials.Where(t => t.HasScore).ToList();
        var raw = new List<(string Name, double Eta, int Count)>();
        foreach (var name in ParameterNames(study, scored))
        {
            var subset = scored.Where(t => t.Params.ContainsKey(name)).ToList();
            raw.Add((name, EtaSquared(subset, name), subset.Count));
        }

        double total = raw.Sum(r => r.Eta);
        return raw
            .Select(r => new ParameterImportance(r.Name, total > 0 ? r.Eta / total : 0, r.Eta, r.Count))
            .OrderByDescending(r => r.Importance)
            .ThenBy(r => r.Parameter, StringComparer.Ordinal)
            .ToList();
    }

    private static double EtaSquared(List<TrialRecord> trials, string name)
    {
        if (trials.Count < 4)
        {
            return 0;
        }

        var ranks = Ranks(trials.Select(t => t.Score!.Value).ToList());
        double mean = ranks.Average();
        double totalSquares = ranks.Sum(r => (r - mean) * (r - mean));
        var groups = trials.Select((t, i) => (Value: ParamValues.Format(t.Params[name]), Rank: ranks[i])).GroupBy(x => x.Value).ToList();
        if (groups.Count < 2 || totalSquares <= 0)
        {
            return 0;
        }

        // ε² (epsilon squared): η² corrected for the variance groups explain by chance, so a parameter judged on a
        // handful of trials, or with many values, does not look important by luck.
        double between = groups.Sum(g => g.Count() * Math.Pow(g.Average(x => x.Rank) - mean, 2));
        double within = totalSquares - between;
        int k = groups.Count;
        int n = trials.Count;
        double meanSquareWithin = n > k ? within / (n - k) : 0;
        return Math.Clamp((between - (k - 1) * meanSquareWithin) / totalSquares, 0, 1);
    }

    /// <summary>Average ranks (1 = smallest), ties sharing their mean rank.</summary>
    private static double[] Ranks(List<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = rank;
            }

            i = j + 1;
        }

        return ranks;
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static List<string> ParameterNames(Study study, IEnumerable<TrialRecord> trials)
    {
        var names = study.Space.Parameters.Select(p => p.Name).ToList();
        foreach (var extra in trials.SelectMany(t => t.Params.Keys).Distinct().Where(n => !names.Contains(n)))
        {
            names.Add(extra);
        }

        return names;
    }
}
