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

/// <summary>The study plots: optimization history, parameter importance, per-parameter slices, parallel coordinates.</summary>
internal static class StudyPlots
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
        var plots = new List<NamedPlot> { History(study), Importance(study), ParallelCoordinates(study) };
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

    /// <summary>Horizontal bars of <see cref="StudyAnalysis.Importance"/>.</summary>
    public static NamedPlot Importance(Study study)
    {
        var importance = StudyAnalysis.Importance(study).Reverse().ToList();
        var plot = new Plot();
        var bars = importance.Select((p, i) => new Bar { Position = i, Value = p.Importance, FillColor = Complete, Orientation = Orientation.Horizontal }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(importance.Select((p, i) => new Tick(i, p.Parameter)).ToArray());
        plot.Axes.Margins(left: 0);
        plot.Title($"Parameter importance: {study.Name}");
        plot.XLabel("share of explained score-rank variance (judged where active)");
        return new NamedPlot("importance", "Parameter importance", plot, 800, Math.Max(300, 60 + 28 * importance.Count));
    }

    /// <summary>Scores by value of one parameter, on the trials where it was active (jittered to show density).</summary>
    public static NamedPlot Slice(Study study, string parameter)
    {
        var values = study.Space[parameter].Values.Select(ParamValues.Format).ToList();
        var trials = study.Trials.Where(t => t.HasScore && t.Params.ContainsKey(parameter)).ToList();
        var random = new Random(parameter.GetHashCode(StringComparison.Ordinal));
        var xs = trials.Select(t => values.IndexOf(ParamValues.Format(t.Params[parameter])) + (random.NextDouble() - 0.5) * 0.3).ToArray();
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(xs, trials.Select(t => t.Score!.Value).ToArray(), Complete);
        points.MarkerSize = 7;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(values.Select((v, i) => new Tick(i, v)).ToArray());
        plot.Title($"Slice: {parameter}");
        plot.XLabel(parameter);
        plot.YLabel("score");
        return new NamedPlot("slice-" + FileName(parameter), "Slice: " + parameter, plot, 600, 400);
    }

    /// <summary>
    /// Each scored trial as a line across the most important parameters (value positions scaled to 0–1) and the
    /// score; better trials drawn darker. A parameter inactive in a trial breaks that trial's line.
    /// </summary>
    public static NamedPlot ParallelCoordinates(Study study)
    {
        var axes = StudyAnalysis.Importance(study).Take(8).Select(i => i.Parameter).Where(study.Space.Contains).ToList();
        var trials = study.Trials.Where(t => t.HasScore).ToList();
        var plot = new Plot();
        if (trials.Count > 0)
        {
            double min = trials.Min(t => t.Score!.Value), max = trials.Max(t => t.Score!.Value);
            var colormap = new ScottPlot.Colormaps.Viridis();
            foreach (var t in trials.OrderBy(t => Quality(t.Score!.Value, min, max, study.Direction)))
            {
                double quality = Quality(t.Score!.Value, min, max, study.Direction);
                var color = colormap.GetColor(1 - quality).WithAlpha(0.75);
                var xs = new List<double>();
                var ys = new List<double>();
                for (int a = 0; a <= axes.Count; a++)
                {
                    double? y = a == axes.Count ? (max > min ? (t.Score!.Value - min) / (max - min) : 0.5) : Position(study, axes[a], t);
                    if (y is null)
                    {
                        Flush(plot, xs, ys, color);
                        continue;
                    }

                    xs.Add(a);
                    ys.Add(y.Value);
                }

                Flush(plot, xs, ys, color);
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(axes.Append("score").Select((name, i) => new Tick(i, name)).ToArray());
        plot.Title($"Parallel coordinates: {study.Name}");
        plot.YLabel("value position (0 = first choice, 1 = last)");
        return new NamedPlot("parallel-coordinates", "Parallel coordinates", plot, 1000, 500);
    }

    private static void Flush(Plot plot, List<double> xs, List<double> ys, Color color)
    {
        if (xs.Count >= 2)
        {
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color);
            line.LineWidth = 1.5f;
        }

        xs.Clear();
        ys.Clear();
    }

    private static double? Position(Study study, string parameter, TrialRecord trial)
    {
        if (!trial.Params.TryGetValue(parameter, out var value))
        {
            return null;
        }

        var values = study.Space[parameter].Values;
        int index = study.Space[parameter].IndexOf(value);
        return values.Count <= 1 || index < 0 ? 0.5 : index / (double)(values.Count - 1);
    }

    private static double Quality(double score, double min, double max, Direction direction) =>
        max <= min ? 1 : direction == Direction.Minimize ? (max - score) / (max - min) : (score - min) / (max - min);

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

    private static string FileName(string parameter) =>
        new(parameter.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
