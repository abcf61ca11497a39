using System.Globalization;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>The synthetic space with a known optimum of 0; optionally with Gaussian noise on every observed score.</summary>
public sealed class SyntheticProblem : IBenchmarkProblem
{
    private readonly double _noise;

    public SyntheticProblem(double noise)
    {
        _noise = noise;
        // The top-1 % threshold from 200,000 random configs (the space has about 28 million).
        var random = new Random(12345);
        var values = Enumerable.Range(0, 200_000).Select(_ => SyntheticConfig.Sample(random).TrueLoss()).Order().ToArray();
        TopOnePercentRegret = values[values.Length / 100];
    }

    public string Name => _noise == 0 ? "synthetic" : "synthetic-noisy";

    public string Description => _noise == 0
        ? "synthetic: ordinal, categorical, conditional and per-layer parameters (about 28 million configs); known optimum 0; no noise"
        : $"synthetic with Gaussian noise (σ = {_noise.ToString(CultureInfo.InvariantCulture)}) on every observed score; regret on the true value";

    public SearchSpace Space => SyntheticConfig.SearchSpace;

    public int ConfigCount => int.MaxValue;

    public double TopOnePercentRegret { get; }

    public Evaluation Evaluate(Candidate config, int run, int repeat)
    {
        double loss = SyntheticConfig.FromGenome(config.Genome).TrueLoss();
        if (_noise == 0)
        {
            return new Evaluation(loss, 1);
        }

        var random = new Random(StrategyRandom.Mix(StrategyRandom.Mix(run, (int)config.Key.Value), repeat));
        return new Evaluation(loss + _noise * Statistics.Gaussian(random), 1);
    }

    public double Regret(Candidate config) => SyntheticConfig.FromGenome(config.Genome).TrueLoss();
}
