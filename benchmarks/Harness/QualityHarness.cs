using System.Globalization;
using System.IO.Compression;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>A benchmark problem: runs one search and returns the true regret of the incumbent after each trial.</summary>
public interface IBenchmarkProblem
{
    string Name { get; }

    string Description { get; }

    /// <summary>Regret after trial 1, 2, … <paramref name="budget"/> (true value of the best-so-far config by observed score, minus the optimum).</summary>
    Task<double[]> RunAsync(ISearchStrategy strategy, int seed, int budget);

    /// <summary>The regret at or below which an incumbent is in the top 1 % of the space.</summary>
    double TopOnePercentRegret { get; }
}

/// <summary>A named way to make a fresh strategy.</summary>
public sealed record StrategyFactory(string Name, Func<ISearchStrategy> Create);

/// <summary>All runs' regret curves: [problem][strategy][seed][trial].</summary>
public sealed record QualityResults(IReadOnlyList<IBenchmarkProblem> Problems, IReadOnlyList<StrategyFactory> Strategies, int Seeds, int Budget, double[][][][] Regret);

/// <summary>Runs every strategy on every problem for many seeds.</summary>
public static class QualityHarness
{
    public static IReadOnlyList<StrategyFactory> DefaultStrategies() => new[]
    {
        new StrategyFactory("random", () => new RandomSearch()),
        new StrategyFactory("storm", () => new StochasticMutator()),
        new StrategyFactory("storm-adaptive", () => new AdaptiveStochasticMutator()),
    };

    public static IReadOnlyList<IBenchmarkProblem> DefaultProblems(string? tabularFile = null) => new IBenchmarkProblem[]
    {
        new SyntheticProblem(noise: 0),
        new SyntheticProblem(noise: 0.15),
        new TabularProblem(tabularFile ?? Path.Combine(AppContext.BaseDirectory, "data", "tabular-mlp-breast-cancer.csv.gz")),
    };

    public static async Task<QualityResults> RunAsync(IReadOnlyList<IBenchmarkProblem> problems, IReadOnlyList<StrategyFactory> strategies, int seeds, int budget, TextWriter? log = null)
    {
        var regret = new double[problems.Count][][][];
        for (int p = 0; p < problems.Count; p++)
        {
            regret[p] = new double[strategies.Count][][];
            for (int s = 0; s < strategies.Count; s++)
            {
                regret[p][s] = new double[seeds][];
                for (int seed = 0; seed < seeds; seed++)
                {
                    regret[p][s][seed] = await problems[p].RunAsync(strategies[s].Create(), 1000 + seed, budget);
                }

                log?.WriteLine($"{problems[p].Name} / {strategies[s].Name}: median final regret {Statistics.Median(regret[p][s].Select(r => r[^1])).ToString("G4", CultureInfo.InvariantCulture)}");
            }
        }

        return new QualityResults(problems, strategies, seeds, budget, regret);
    }

    /// <summary>Runs a typed search and records, after every trial, the true value of the incumbent.</summary>
    internal static async Task<double[]> TraceAsync<TConfig>(ISearchStrategy strategy, int seed, int budget, Func<TConfig, int, double> observe, Func<TConfig, double> regret)
        where TConfig : ITunable<TConfig>
    {
        var curve = new double[budget];
        var options = new TunerOptions { StorageUrl = "memory", Strategy = strategy, Seed = seed, MaxTrials = budget, MaxConsecutiveFailures = null };
        var recorder = new IncumbentRecorder<TConfig>(curve, regret);
        options.Observers.Add(recorder);
        await new Tuner<TConfig>(options).SearchAsync((config, trial) => observe(config, trial.Number));
        return curve;
    }

    private sealed class IncumbentRecorder<TConfig>(double[] curve, Func<TConfig, double> regret) : ISearchObserver
        where TConfig : ITunable<TConfig>
    {
        private double _current = double.NaN;

        public void OnTrialFinished(SearchProgress progress)
        {
            if (progress.Best is { } best)
            {
                _current = regret(TConfig.FromGenome(best.Genome.ToArray()));
            }

            curve[progress.LastTrial.Number] = _current;
        }
    }
}

/// <summary>The synthetic space with a known optimum; optionally with Gaussian noise on the observed score.</summary>
public sealed class SyntheticProblem : IBenchmarkProblem
{
    private readonly double _noise;

    public SyntheticProblem(double noise)
    {
        _noise = noise;
        // The top-1 % threshold from 200,000 random configs (the space has about 28 million).
        var random = new Random(12345);
        var values = Enumerable.Range(0, 200_000).Select(_ => SyntheticConfig.Sample(random).TrueLoss()).OrderBy(v => v).ToArray();
        TopOnePercentRegret = values[values.Length / 100];
    }

    public string Name => _noise == 0 ? "synthetic" : "synthetic-noisy";

    public string Description => _noise == 0
        ? "ordinal, categorical, conditional and per-layer parameters; known optimum 0; no noise"
        : $"the same with Gaussian noise (σ = {_noise.ToString(CultureInfo.InvariantCulture)}) on every observed score; regret is measured on the true value";

    public double TopOnePercentRegret { get; }

    public Task<double[]> RunAsync(ISearchStrategy strategy, int seed, int budget) =>
        QualityHarness.TraceAsync<SyntheticConfig>(strategy, seed, budget,
            (config, trial) => config.TrueLoss() + (_noise == 0 ? 0 : _noise * Statistics.Gaussian(new Random(seed * 100_003 + trial))),
            config => config.TrueLoss());
}

/// <summary>
/// The tabular benchmark built from real training: every config of <see cref="TabularMlpConfig"/> trained on the
/// breast-cancer data for 3 seeds. An evaluation returns one seed's loss at random (the noise of retraining);
/// regret is the incumbent's mean loss minus the best mean loss of the table.
/// </summary>
public sealed class TabularProblem : IBenchmarkProblem
{
    private readonly Dictionary<string, double[]> _losses = new(StringComparer.Ordinal);
    private readonly double _optimum;

    public TabularProblem(string file)
    {
        using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var cells = line.Split(',', 5);
            _losses[cells[0]] = cells[1..4].Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        }

        var means = _losses.Values.Select(v => v.Average()).OrderBy(v => v).ToArray();
        _optimum = means[0];
        TopOnePercentRegret = means[means.Length / 100] - _optimum;
        Count = means.Length;
    }

    public int Count { get; }

    public string Name => "tabular-mlp";

    public string Description => $"{Count} conditional MLP configs trained with TorchSharp on breast-cancer (3 seeds each); an evaluation returns one seed's validation loss";

    public double TopOnePercentRegret { get; }

    public Task<double[]> RunAsync(ISearchStrategy strategy, int seed, int budget) =>
        QualityHarness.TraceAsync<TabularMlpConfig>(strategy, seed, budget,
            (config, trial) => _losses[config.GetConfigKey().ToString()][new Random(seed * 100_003 + trial).Next(3)],
            config => _losses[config.GetConfigKey().ToString()].Average() - _optimum);
}
