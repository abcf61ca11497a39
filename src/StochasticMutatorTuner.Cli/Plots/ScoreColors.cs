using ScottPlot;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Cli.Plots;

/// <summary>
/// Scores to colours, better scores yellow (Viridis, reversed when lower is better), and the colour bar that
/// says so: ScottPlot draws a bar for anything with a colour axis.
/// </summary>
internal sealed class ScoreColors(double min, double max, Direction direction) : IHasColorAxis
{
    private static readonly IColormap Viridis = new ScottPlot.Colormaps.Viridis();

    /// <inheritdoc />
    public IColormap Colormap { get; } = direction == Direction.Minimize ? new Reversed(Viridis) : Viridis;

    /// <inheritdoc />
    public ScottPlot.Range GetRange() => new(min, max > min ? max : min + 1);

    /// <summary>The colour of <paramref name="score"/>.</summary>
    public Color Of(double score) => Colormap.GetColor(max > min ? (score - min) / (max - min) : 1);

    private sealed class Reversed(IColormap inner) : IColormap
    {
        public string Name => inner.Name + " (reversed)";

        public Color GetColor(double normalizedIntensity) => inner.GetColor(1 - normalizedIntensity);
    }
}
