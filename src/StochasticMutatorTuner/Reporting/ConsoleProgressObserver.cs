using System.Globalization;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Reporting;

/// <summary>How <see cref="ConsoleProgressObserver"/> draws.</summary>
public enum ProgressStyle
{
    /// <summary><see cref="Live"/> on an interactive terminal, <see cref="Plain"/> when output is redirected (CI logs, files).</summary>
    Auto,

    /// <summary>Plain lines only, no control characters.</summary>
    Plain,

    /// <summary>Plain lines plus a status bar (progress, best, elapsed, time left) redrawn in place with ANSI codes.</summary>
    Live,
}

/// <summary>
/// Prints one line per finished trial (its number, how much of the budget is done, score — or the step it was pruned
/// or paused at, and for a promoted trial the step it resumed from —, best so far, what changed from the best,
/// time, estimate of what remains) and a line per new best. On an interactive terminal a status bar under the
/// lines is redrawn in place; elsewhere output is plain text with no control characters.
/// </summary>
public sealed class ConsoleProgressObserver : ISearchObserver
{
    private const string ClearLine = "\r\u001b[2K";
    private readonly TextWriter _output;
    private readonly bool _live;
    private bool _statusShown;

    /// <summary>Writes to <paramref name="output"/> (standard output when null).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="style">How to draw; <see cref="ProgressStyle.Auto"/> draws live only on an interactive console.</param>
    public ConsoleProgressObserver(TextWriter? output = null, ProgressStyle style = ProgressStyle.Auto)
    {
        _output = output ?? Console.Out;
        _live = style switch
        {
            ProgressStyle.Live => true,
            ProgressStyle.Plain => false,
            _ => output is null && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb") && Environment.GetEnvironmentVariable("CI") is null,
        };
    }

    /// <inheritdoc />
    public void OnTrialFinished(SearchProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var t = progress.LastTrial;
        string of = progress.MaxTrials is { } max ? $"#{t.Number} [{progress.TrialsDone}/{max}]" : $"#{t.Number}";
        string outcome = t.State switch
        {
            TrialState.Complete when t.HasScore => "score " + Number(t.Score!.Value),
            TrialState.Complete => "discarded (no finite score)",
            TrialState.Pruned when t.Paused => $"paused at step {t.PrunedStep}",
            TrialState.Pruned => t.PrunedStep is { } step ? $"pruned at step {step}" : "pruned",
            _ => "failed: " + t.Error,
        };
        if (progress.ResumedFromStep is { } resumed)
        {
            outcome = $"resumed from step {resumed}, {outcome}";
        }

        string best = progress.Best is { } b ? $"best {Number(b.Score!.Value)} (#{b.Number})" : "no best yet";
        string changed = progress.Changes.Count == 0 ? "" : "  changed: " + string.Join(", ", progress.Changes.Select(c => c.ToString()));
        string remaining = progress.EstimatedRemaining is { } left ? $", ~{Seconds(left)} left" : "";
        ClearStatus();
        _output.WriteLine($"trial {of}  {outcome}  {best}  [{Seconds(t.Duration ?? TimeSpan.Zero)}; {Seconds(progress.Elapsed)} elapsed{remaining}]{changed}");
        if (_live)
        {
            _output.Write(StatusBar(progress));
            _output.Flush();
            _statusShown = true;
        }
    }

    /// <inheritdoc />
    public void OnNewBest(TrialRecord best, TrialRecord? previous, IReadOnlyList<ParameterChange> changes)
    {
        ArgumentNullException.ThrowIfNull(best);
        ClearStatus();
        _output.WriteLine($"  new best #{best.Number}: {Number(best.Score!.Value)}  {{ {string.Join(", ", best.Params.Select(p => $"{p.Key} = {ParamValues.Format(p.Value)}"))} }}");
    }

    /// <inheritdoc />
    public void OnStorageRetrying(string message)
    {
        ClearStatus();
        _output.WriteLine($"storage: {message}");
    }

    /// <inheritdoc />
    public void OnSearchFinished(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ClearStatus();
        _output.WriteLine($"search finished: {result}");
    }

    private void ClearStatus()
    {
        if (_statusShown)
        {
            _output.Write(ClearLine);
            _statusShown = false;
        }
    }

    private static string StatusBar(SearchProgress progress)
    {
        const int width = 24;
        string bar = "";
        if (progress.MaxTrials is { } max && max > 0)
        {
            int filled = (int)Math.Round(width * Math.Min(1.0, progress.TrialsDone / (double)max));
            bar = "[" + new string('#', filled) + new string('.', width - filled) + $"] {progress.TrialsDone}/{max}  ";
        }

        string best = progress.Best is { } b ? $"best {Number(b.Score!.Value)} (#{b.Number})  " : "";
        string left = progress.EstimatedRemaining is { } l ? $"  ~{Seconds(l)} left" : "";
        return $"\u001b[1m{bar}{best}{Seconds(progress.Elapsed)} elapsed{left}\u001b[0m";
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
