using ScottPlot;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Cli.Plots;

/// <summary>Image formats the plots are written in.</summary>
internal enum ImageFormat
{
    Png,
    Svg,
}

/// <summary>One plot, ready to save.</summary>
/// <param name="Name">The file name without extension.</param>
/// <param name="Title">What it shows.</param>
/// <param name="Plot">The ScottPlot figure.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
internal sealed record NamedPlot(string Name, string Title, Plot Plot, int Width, int Height);

/// <summary>The study plots: optimization history, learning curves, parameter importance, parallel coordinates, per-parameter slices.</summary>
internal static partial class StudyPlots
{
    private static readonly Color Complete = Colors.SteelBlue;
    private static readonly Color Best = Colors.Crimson;
    private static readonly Color Pruned = Colors.DarkOrange;
    private static readonly Color Failed = Colors.Gray;

    /// <summary>Writes every plot in every format to <paramref name="folder"/>; returns the files.</summary>
    public static IReadOnlyList<string> WriteAll(Study study, string folder, IReadOnlyList<ImageFormat> formats)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var plot in Create(study))
        {
            foreach (var format in formats)
            {
                string path = Path.GetFullPath(Path.Combine(folder, plot.Name + (format == ImageFormat.Png ? ".png" : ".svg")));
                if (format == ImageFormat.Png)
                {
                    plot.Plot.SavePng(path, plot.Width, plot.Height);
                }
                else
                {
                    plot.Plot.SaveSvg(path, plot.Width, plot.Height);
                }

                files.Add(path);
            }
        }

        return files;
    }

    /// <summary>Every plot of the study (slices only for parameters with scored trials).</summary>
    public static IReadOnlyList<NamedPlot> Create(Study study)
    {
        var plots = new List<NamedPlot> { History(study), LearningCurves(study), Importance(study), ParallelCoordinates(study) };
        foreach (var parameter in study.Space.Parameters.Select(p => p.Name))
        {
            if (study.Trials.Any(t => t.HasScore && t.Params.ContainsKey(parameter)))
            {
                plots.Add(Slice(study, parameter));
            }
        }

        return plots;
    }

    /// <summary>Every trial's score by trial number, the best so far as a step line, pruned and failed trials marked.</summary>
    public static NamedPlot History(Study study)
    {
        var plot = new Plot();
        var trials = study.Trials;
        var scored = trials.Where(t => t.HasScore).ToList();
        double floor = scored.Count > 0 ? (study.Direction == Direction.Minimize ? scored.Max(t => t.Score!.Value) : scored.Min(t => t.Score!.Value)) : 0;

        var points = plot.Add.ScatterPoints(scored.Select(t => (double)t.Number).ToArray(), scored.Select(t => t.Score!.Value).ToArray(), Complete);
        points.LegendText = "complete";
        points.MarkerSize = 7;

        var prunedTrials = trials.Where(t => t.State == TrialState.Pruned && t.IntermediateValues.Count > 0).ToList();
        if (prunedTrials.Count > 0)
        {
            var pruned = plot.Add.ScatterPoints(prunedTrials.Select(t => (double)t.Number).ToArray(), prunedTrials.Select(t => t.IntermediateValues[^1].Value).ToArray(), Pruned);
            pruned.LegendText = "pruned (last reported value)";
            pruned.MarkerShape = MarkerShape.Cross;
            pruned.MarkerSize = 9;
        }

        var failedTrials = trials.Where(t => t.State == TrialState.Failed || (t.State == TrialState.Complete && !t.HasScore)).ToList();
        if (failedTrials.Count > 0)
        {
            var failed = plot.Add.ScatterPoints(failedTrials.Select(t => (double)t.Number).ToArray(), failedTrials.Select(_ => floor).ToArray(), Failed);
            failed.LegendText = "failed or no score (at the worst score)";
            failed.MarkerShape = MarkerShape.FilledTriangleDown;
            failed.MarkerSize = 8;
        }

        var (bx, by) = BestSoFar(trials, study.Direction);
        if (bx.Length > 0)
        {
            var line = plot.Add.ScatterLine(bx, by, Best);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = "best so far";
        }

        plot.Title($"Optimization history: {study.Name}");
        plot.XLabel("trial");
        plot.YLabel($"score ({(study.Direction == Direction.Minimize ? "lower" : "higher")} is better)");
        plot.ShowLegend(Alignment.UpperRight);
        return new NamedPlot("history", "Optimization history", plot, 900, 500);
    }

    /// <summary>
    /// Horizontal bars of <see cref="StudyAnalysis.ImportanceWithUncertainty"/> with their 90 % bootstrap intervals
    /// as whiskers; when importance cannot be judged (too few complete trials), the plot says so instead.
    /// </summary>
    public static NamedPlot Importance(Study study)
    {
        var report = StudyAnalysis.ImportanceWithUncertainty(study);
        var importance = report.Parameters.Reverse().ToList();
        var plot = new Plot();
        var bars = importance.Select((p, i) => new Bar { Position = i, Value = p.Importance, FillColor = Complete, Orientation = Orientation.Horizontal }).ToList();
        plot.Add.Bars(bars);
        for (int i = 0; i < importance.Count; i++)
        {
            var p = importance[i];
            foreach (var (x1, y1, x2, y2) in new[] { (p.Low, i, p.High, i), (p.Low, i - 0.15, p.Low, i + 0.15), (p.High, i - 0.15, p.High, i + 0.15) })
            {
                var whisker = plot.Add.Line(x1, y1, x2, y2);
                whisker.LineColor = Colors.Black;
                whisker.LineWidth = 1.5f;
            }
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(importance.Select((p, i) => new Tick(i, p.TooFewTrials ? $"{p.Parameter} (too few trials)" : p.Parameter)).ToArray());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v.ToString("P0", System.Globalization.CultureInfo.InvariantCulture) };
        plot.Axes.SetLimits(0, 1.02, -0.6, Math.Max(0.6, importance.Count - 0.4));
        if (report.Message is { } message)
        {
            var note = plot.Add.Annotation(Wrap(message, 70), Alignment.MiddleCenter);
            note.LabelFontSize = 13;
        }

        plot.Title($"Parameter importance: {study.Name} ({report.ScoredTrials} complete trials)");
        plot.XLabel("share of explained score-rank variance (where active); whiskers: 90 % bootstrap interval");
        return new NamedPlot("importance", "Parameter importance", plot, 900, Math.Max(320, 80 + 30 * importance.Count));
    }

    /// <summary>Scores by value of one parameter, on the trials where it was active (jittered to show density).</summary>
    public static NamedPlot Slice(Study study, string parameter)
    {
        var values = ValuesOf(study, parameter);
        var trials = study.Trials.Where(t => t.HasScore && t.Params.ContainsKey(parameter)).ToList();
        var random = new Random(parameter.GetHashCode(StringComparison.Ordinal));
        var xs = trials.Select(t => values.IndexOf(ParamValues.Format(t.Params[parameter])) + (random.NextDouble() - 0.5) * 0.3).ToArray();
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(xs, trials.Select(t => t.Score!.Value).ToArray(), Complete);
        points.MarkerSize = 7;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(values.Select((v, i) => new Tick(i, v)).ToArray());
        // Fixed limits: fitted to the jittered points, the first and last values' ticks could fall outside.
        plot.Axes.SetLimitsX(-0.5, values.Count - 0.5);
        plot.Title($"Slice: {parameter}");
        plot.XLabel(parameter);
        plot.YLabel("score");
        return new NamedPlot("slice-" + FileName(parameter), "Slice: " + parameter, plot, 600, 400);
    }

    private static (double[] X, double[] Y) BestSoFar(IReadOnlyList<TrialRecord> trials, Direction direction)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        double? best = null;
        foreach (var t in trials)
        {
            if (t.HasScore && (best is null || direction.IsBetter(t.Score!.Value, best.Value)))
            {
                best = t.Score!.Value;
            }

            if (best is { } b)
            {
                xs.Add(t.Number);
                ys.Add(b);
            }
        }

        return (xs.ToArray(), ys.ToArray());
    }

    /// <summary>The parameter's values in space order, then any that only stored trials have.</summary>
    private static List<string> ValuesOf(Study study, string parameter) =>
        StudyAnalysis.Statistics(study).Single(s => s.Parameter == parameter).Values.Select(v => v.Value).ToList();

    private static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + word.Length + 1 > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        lines.Add(line.ToString());
        return string.Join("\n", lines);
    }

    private static string FileName(string parameter) =>
        new(parameter.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
