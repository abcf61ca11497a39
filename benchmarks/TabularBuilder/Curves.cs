using StochasticMutatorTuner.TorchSharp.Training;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>Turns a training result into the curves a table stores.</summary>
internal static class Curves
{
    /// <summary>
    /// The per-epoch validation loss (and accuracy for classification), rounded to 5 significant digits: training
    /// noise is orders of magnitude larger, and the tables compress much better. A diverged run's NaN/∞ loss is
    /// stored as 1e6 (JSON has no NaN), which every strategy sees as a very bad score.
    /// </summary>
    public static (double[] Loss, double[]? Accuracy) From(TrainingResult result, bool classification)
    {
        var loss = result.Epochs.Select(e => double.IsFinite(e.ValidationLoss) ? Round(e.ValidationLoss) : 1e6).ToArray();
        var accuracy = classification ? result.Epochs.Select(e => double.IsFinite(e.ValidationAccuracy) ? Round(e.ValidationAccuracy) : 0).ToArray() : null;
        return (loss, accuracy);
    }

    private static double Round(double value) => value == 0 ? 0 : double.Parse(value.ToString("G5", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
}
