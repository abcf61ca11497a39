using ScottPlot;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Cli.Plots;

/// <summary>The learning-curve plot.</summary>
internal static partial class StudyPlots
{
    /// <summary>
    /// Every trial's per-step values (what it reported each epoch), the plot that explains pruning: pruned trials
    /// end in a × where they were stopped, the best trial is drawn on top. The value axis is fitted to the 1st
    /// to 99th percentile, so one diverged trial does not flatten the others.
    /// </summary>
    public static NamedPlot LearningCurves(Study study)
    {
        var plot = new Plot();
        var trials = study.Trials.Where(t => t.IntermediateValues.Count > 0).ToList();
        var best = study.BestTrial;
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in trials.OrderBy(t => t.Number == best?.Number))
        {
            bool isBest = t.Number == best?.Number;
            var (color, legend) = isBest ? (Best, "best trial") : t.State switch
            {
                TrialState.Pruned => (Pruned, "pruned (× where stopped)"),
                TrialState.Failed => (Failed, "failed"),
                TrialState.Running => (Colors.SeaGreen, "running"),
                _ => (Complete, "complete"),
            };
            var line = plot.Add.ScatterLine(
                t.IntermediateValues.Select(v => (double)v.Step).ToArray(),
                t.IntermediateValues.Select(v => v.Value).ToArray(),
                isBest ? color : color.WithAlpha(trials.Count > 300 ? 0.3 : 0.7));
            line.LineWidth = isBest ? 2.5f : 1.2f;
            if (labelled.Add(legend))
            {
                line.LegendText = legend;
            }

            if (t.State == TrialState.Pruned)
            {
                var end = t.IntermediateValues[^1];
                var cross = plot.Add.Marker(end.Step, end.Value, MarkerShape.Eks, 9, Pruned);
                cross.LineWidth = 1.5f;
            }
        }

        var values = trials.SelectMany(t => t.IntermediateValues.Select(v => v.Value)).Where(double.IsFinite).Order().ToList();
        if (values.Count > 0)
        {
            double lo = values[(int)(0.01 * (values.Count - 1))], hi = values[(int)Math.Ceiling(0.99 * (values.Count - 1))];
            double pad = hi > lo ? (hi - lo) * 0.05 : Math.Max(Math.Abs(lo) * 0.05, 0.5);
            plot.Axes.SetLimitsY(lo - pad, hi + pad);
            plot.ShowLegend(Alignment.UpperRight);
        }
        else
        {
            plot.Add.Annotation("No trial reported per-step values (trial.Report(step, value)).", Alignment.MiddleCenter);
        }

        plot.Title($"Learning curves: {study.Name} ({trials.Count} trials)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("step (epoch)");
        plot.YLabel("reported value");
        return new NamedPlot("learning-curves", "Learning curves", plot, 900, 500);
    }
}
