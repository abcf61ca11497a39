using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>One benchmark the builder can train: a space, its data, and how to train one config for one seed.</summary>
internal interface ITableBenchmark
{
    /// <summary>The table's name and file name (<c>benchmarks/data/{Name}.jsonl.gz</c>).</summary>
    string Name { get; }

    /// <summary>The config type's name.</summary>
    string SpaceName { get; }

    /// <summary>The space whose every distinct config is trained.</summary>
    SearchSpace Space { get; }

    /// <summary><c>classification</c> or <c>regression</c>.</summary>
    string Task { get; }

    /// <summary>The data and split, in words (filled in by <see cref="Load"/>).</summary>
    string Data { get; }

    /// <summary>Epochs per run.</summary>
    int Epochs { get; }

    /// <summary>Loads and prepares the data once, before any training.</summary>
    void Load();

    /// <summary>Trains the config <paramref name="genome"/> describes with <paramref name="seed"/>; returns its per-epoch curves.</summary>
    (double[] Loss, double[]? Accuracy) Train(int[] genome, int seed);
}
