using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The learning curves of a tabular benchmark as a replayed training reports them: per epoch, the validation loss
/// the table holds. Noise-free protocol: the mean curve over the table's seeds; noisy: one seed's curve, the seed
/// <see cref="TableProblem.SeedIndex"/> draws for the run (the same seed the quality harness observes).
/// </summary>
public sealed class CurveReplay
{
    private readonly Dictionary<ulong, double[]> _meanCurves = new();

    /// <summary>Precomputes the mean curve of every config of <paramref name="problem"/>'s table.</summary>
    public CurveReplay(TableProblem problem)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
        foreach (var entry in problem.Table.Entries)
        {
            var mean = new double[Epochs];
            for (int e = 0; e < mean.Length; e++)
            {
                mean[e] = entry.Runs.Average(r => r.Loss[e]);
            }

            _meanCurves[ConfigKey.Parse(entry.Key).Value] = mean;
        }
    }

    /// <summary>The table and protocol replayed.</summary>
    public TableProblem Problem { get; }

    /// <summary>Epochs of a full training: every curve's length, and the last step a replayed trial declares.</summary>
    public int Epochs => Problem.Table.Header.Epochs;

    /// <summary>The curve an evaluation of <paramref name="config"/> in run <paramref name="run"/> reports, epoch 1 first.</summary>
    public IReadOnlyList<double> CurveOf(Candidate config, int run)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Problem.Noisy ? Problem.Entry(config).Runs[Problem.SeedIndex(config, run)].Loss : MeanCurve(config.Key);
    }

    /// <summary>The mean curve over the table's seeds of the config with <paramref name="key"/> (the noise-free protocol's curve).</summary>
    public IReadOnlyList<double> MeanCurve(ConfigKey key) =>
        _meanCurves.TryGetValue(key.Value, out var curve) ? curve : throw new KeyNotFoundException($"Config {key} is not in the table {Problem.Table.Header.Name}.");

    /// <summary>
    /// The score of a training that ran to the end: the mean of the curve's last
    /// <see cref="TableHeader.ScoreLastEpochs"/> values, as the trainer scores (the same score
    /// <see cref="TableProblem.Evaluate"/> gives).
    /// </summary>
    public double ScoreOf(IReadOnlyList<double> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        int last = Problem.Table.Header.ScoreLastEpochs;
        double sum = 0;
        for (int e = curve.Count - last; e < curve.Count; e++)
        {
            sum += curve[e];
        }

        return sum / last;
    }
}
