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
        return study.Trials.Where(t => t.HasScore).Order(TrialOrder.BestFirst(study.Direction)).Take(count).ToList();
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

    /// <summary>A parameter is judged on at least this many scored trials where it is active; with fewer its importance is 0.</summary>
    public const int MinimumTrialsForImportance = RankEffects.MinimumTrials;

    /// <summary>
    /// Parameter importance that understands conditions: each parameter is judged only on the scored trials in
    /// which it was active. Its raw importance is ε² (epsilon squared, the bias-corrected correlation ratio) of the
    /// score ranks grouped by its value on those trials — the share of rank variance between its values beyond what
    /// chance would give — and the shares are normalized to sum to 1. Ranks make it robust to outlying scores; a
    /// parameter needs at least <see cref="MinimumTrialsForImportance"/> such trials and two observed values, else
    /// it gets 0. Most important first.
    /// </summary>
    public static IReadOnlyList<ParameterImportance> Importance(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var scored = study.Trials.Where(t => t.HasScore).ToList();
        var names = ParameterNames(study, scored);
        var effects = new RankEffects(scored, names);
        var ones = Enumerable.Repeat(1, scored.Count).ToArray();
        var raw = names.Select((name, p) => (Name: name, Eta: effects.EpsilonSquared(p, ones), Count: effects.ActiveTrials(p))).ToList();
        double total = raw.Sum(r => r.Eta);
        return raw
            .Select(r => new ParameterImportance(r.Name, total > 0 ? r.Eta / total : 0, r.Eta, r.Count))
            .OrderByDescending(r => r.Importance)
            .ThenBy(r => r.Parameter, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// <see cref="Importance"/> with a 90 % bootstrap interval per parameter: the scored trials are resampled with
    /// replacement <paramref name="resamples"/> times, the normalized importances computed on each resample, and
    /// the 5th and 95th percentiles kept. A wide interval says the ranking could be luck (a conditional parameter
    /// judged on a dozen trials, say). <see cref="ImportanceReport.Message"/> says when there is nothing to judge.
    /// </summary>
    /// <param name="study">The study.</param>
    /// <param name="resamples">Bootstrap resamples (at least 1).</param>
    /// <param name="seed">Seeds the resampling, so the same study gives the same intervals.</param>
    public static ImportanceReport ImportanceWithUncertainty(Study study, int resamples = 200, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var point = Importance(study);
        var scored = study.Trials.Where(t => t.HasScore).ToList();
        var names = point.Select(p => p.Parameter).ToList();
        var effects = new RankEffects(scored, names);
        var shares = names.Select(_ => new double[resamples]).ToArray();
        var weights = new int[scored.Count];
        var eta = new double[names.Count];
        var random = new Random(seed);
        for (int r = 0; r < resamples && scored.Count > 0; r++)
        {
            Array.Clear(weights);
            for (int i = 0; i < scored.Count; i++)
            {
                weights[random.Next(scored.Count)]++;
            }

            for (int p = 0; p < names.Count; p++)
            {
                eta[p] = effects.EpsilonSquared(p, weights);
            }

            double total = eta.Sum();
            for (int p = 0; p < names.Count; p++)
            {
                shares[p][r] = total > 0 ? eta[p] / total : 0;
            }
        }

        var estimates = point.Select((p, i) =>
        {
            Array.Sort(shares[i]);
            return new ImportanceEstimate(p.Parameter, p.Importance, Percentile(shares[i], 0.05), Percentile(shares[i], 0.95), p.ExplainedVariance, p.Trials);
        }).ToList();

        string? message = null;
        if (scored.Count < MinimumTrialsForImportance || point.All(p => p.Trials < MinimumTrialsForImportance))
        {
            message = $"Too few complete trials to judge importance: {scored.Count} of {study.Trials.Count} trials are complete with a score, and a parameter needs at least {MinimumTrialsForImportance} where it is active.";
        }
        else if (point.All(p => p.ExplainedVariance <= 0))
        {
            message = $"No parameter explains the score beyond chance on the {scored.Count} complete trials (every ε² is 0); more trials may tell.";
        }

        return new ImportanceReport(estimates, scored.Count, resamples, message);
    }

    private static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
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
