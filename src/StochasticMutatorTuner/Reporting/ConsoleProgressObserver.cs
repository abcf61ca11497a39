using System.Globalization;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Reporting;

/// <summary>
/// Prints one plain line per finished trial (number, score, best so far, what changed from the best, time) and a
/// line per new best. Plain text only, so it reads the same in a terminal, a CI log or a redirected file.
/// </summary>
public sealed class ConsoleProgressObserver : ISearchObserver
{
    private readonly TextWriter _output;

    /// <summary>Writes to <paramref name="output"/> (standard output when null).</summary>
    public ConsoleProgressObserver(TextWriter? output = null) => _output = output ?? Console.Out;

    /// <inheritdoc />
    public void OnTrialFinished(SearchProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var t = progress.LastTrial;
        string of = progress.MaxTrials is { } max ? $"{t.Number + 1}/{max}" : $"{t.Number + 1}";
        string outcome = t.State switch
        {
            TrialState.Complete when t.HasScore => "score " + Number(t.Score!.Value),
            TrialState.Complete => "discarded (no finite score)",
            TrialState.Pruned => t.IntermediateValues.Count > 0 ? $"pruned at step {t.IntermediateValues[^1].Step}" : "pruned",
            _ => "failed: " + t.Error,
        };
        string best = progress.Best is { } b ? $"best {Number(b.Score!.Value)} (#{b.Number})" : "no best yet";
        string changed = progress.Changes.Count == 0 ? "" : "  changed: " + string.Join(", ", progress.Changes.Select(c => c.ToString()));
        string remaining = progress.EstimatedRemaining is { } left ? $", ~{Seconds(left)} left" : "";
        _output.WriteLine($"trial {of}  {outcome}  {best}  [{Seconds(t.Duration ?? TimeSpan.Zero)}; {Seconds(progress.Elapsed)} elapsed{remaining}]{changed}");
    }

    /// <inheritdoc />
    public void OnNewBest(TrialRecord best, TrialRecord? previous, IReadOnlyList<ParameterChange> changes)
    {
        ArgumentNullException.ThrowIfNull(best);
        _output.WriteLine($"  new best #{best.Number}: {Number(best.Score!.Value)}  {{ {string.Join(", ", best.Params.Select(p => $"{p.Key} = {ParamValues.Format(p.Value)}"))} }}");
    }

    /// <inheritdoc />
    public void OnSearchFinished(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _output.WriteLine($"search finished: {result}");
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
