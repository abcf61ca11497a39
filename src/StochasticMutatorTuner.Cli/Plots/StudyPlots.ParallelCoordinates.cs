using ScottPlot;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Cli.Plots;

/// <summary>The parallel-coordinates plot.</summary>
internal static partial class StudyPlots
{
    private const string Inactive = "(inactive)";

    /// <summary>
    /// Each scored trial as a line through its value of every parameter and its score, coloured by score (a colour
    /// bar says which colour is better). Every axis is labelled with its values; a conditional parameter gets an
    /// "(inactive)" slot at the bottom for the trials in which it was off.
    /// </summary>
    public static NamedPlot ParallelCoordinates(Study study)
    {
        var trials = study.Trials.Where(t => t.HasScore).ToList();
        var axes = StudyAnalysis.Statistics(study)
            .Select(s => new Axis(s.Parameter, s.Values.Select(v => v.Value).ToList(), IsConditional(trials, s.Parameter)))
            .ToList();
        double min = trials.Count > 0 ? trials.Min(t => t.Score!.Value) : 0, max = trials.Count > 0 ? trials.Max(t => t.Score!.Value) : 1;
        var colors = new ScoreColors(min, max, study.Direction);
        var plot = new Plot();

        foreach (var t in trials.OrderBy(t => study.Direction == Direction.Minimize ? -t.Score!.Value : t.Score!.Value))
        {
            var ys = axes.Select(a => a.Position(t.Params.TryGetValue(a.Name, out var v) ? ParamValues.Format(v) : null))
                .Append(ScorePosition(t.Score!.Value, min, max)).ToArray();
            var line = plot.Add.ScatterLine(Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray(), ys, colors.Of(t.Score!.Value).WithAlpha(trials.Count > 500 ? 0.35 : 0.8));
            line.LineWidth = 1.5f;
        }

        for (int a = 0; a <= axes.Count; a++)
        {
            var rule = plot.Add.Line(a, 0, a, 1);
            rule.LineColor = Colors.DimGray;
            rule.LineWidth = 1;
            var labels = a < axes.Count
                ? axes[a].Labels().Select(l => (l.Text, l.Y))
                : ScoreTicks(min, max).Select(v => (CliApp.Number(v), ScorePosition(v, min, max)));
            foreach (var (text, y) in labels)
            {
                var label = plot.Add.Text(text, a, y);
                label.Alignment = Alignment.MiddleRight;
                label.OffsetX = -4;
                label.LabelFontSize = 11;
                label.LabelFontColor = text == Inactive ? Colors.Gray : Colors.Black;
                label.LabelBackgroundColor = Colors.White.WithAlpha(0.7);
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(axes.Select(a => a.Name).Append("score").Select((name, i) => new Tick(i, name)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Array.Empty<Tick>());
        plot.Axes.SetLimits(-0.6, axes.Count + 0.2, -0.05, 1.05);
        var bar = plot.Add.ColorBar(colors);
        bar.Label = $"score ({(study.Direction == Direction.Minimize ? "lower" : "higher")} is better)";
        plot.Title($"Parallel coordinates: {study.Name} ({trials.Count} complete trials, {axes.Count} parameters)");
        return new NamedPlot("parallel-coordinates", "Parallel coordinates", plot, Math.Max(1000, 130 * (axes.Count + 1) + 150), 560);
    }

    // An "(inactive)" slot only where a drawn trial had the parameter off: a condition that never bit needs none.
    private static bool IsConditional(IReadOnlyList<TrialRecord> trials, string parameter) => trials.Any(t => !t.Params.ContainsKey(parameter));

    private static double ScorePosition(double score, double min, double max) => max > min ? (score - min) / (max - min) : 0.5;

    private static IEnumerable<double> ScoreTicks(double min, double max)
    {
        if (!(max > min))
        {
            return new[] { min };
        }

        double step = Math.Pow(10, Math.Floor(Math.Log10((max - min) / 4)));
        step *= (max - min) / step > 20 ? 5 : (max - min) / step > 8 ? 2 : 1;
        var ticks = new List<double>();
        for (double v = Math.Ceiling(min / step) * step; v <= max + step * 1e-9; v += step)
        {
            ticks.Add(Math.Round(v / step) * step);
        }

        return ticks;
    }

    /// <summary>One parameter's axis: its values bottom to top, below them "(inactive)" when it is conditional.</summary>
    private sealed record Axis(string Name, IReadOnlyList<string> Values, bool Conditional)
    {
        private int Slots => Values.Count + (Conditional ? 1 : 0);

        public double Position(string? value)
        {
            int slot = value is null ? 0 : Values.ToList().IndexOf(value) + (Conditional ? 1 : 0);
            return Slots <= 1 ? 0.5 : slot / (double)(Slots - 1);
        }

        public IEnumerable<(string Text, double Y)> Labels()
        {
            // Many values on a short axis: label every k-th (always the first and last) so labels never overlap.
            int every = Math.Max(1, (int)Math.Ceiling(Slots / 24.0));
            var labels = Values.Select((v, i) => (Text: v, Index: i)).Where(x => x.Index % every == 0 || x.Index == Values.Count - 1).Select(x => (x.Text, Position(x.Text)));
            return Conditional ? labels.Prepend((Inactive, Position(null))) : labels;
        }
    }
}
