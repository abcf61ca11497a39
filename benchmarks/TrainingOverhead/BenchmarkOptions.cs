using System.Globalization;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>The command line of the training-overhead benchmark.</summary>
internal sealed class BenchmarkOptions
{
    public BenchmarkOptions(string[] args)
    {
        Trials = Number(args, "--trials", 20);
        Rounds = Number(args, "--rounds", 4);
        Epochs = Number(args, "--epochs", 15);
        Storages = Text(args, "--storage", "sqlite,memory").Split(',');
        Folder = Text(args, "--folder", Path.GetTempPath());
    }

    public int Trials { get; }

    public int Rounds { get; }

    public int Epochs { get; }

    public IReadOnlyList<string> Storages { get; }

    /// <summary>Where the SQLite files go (the temp folder is on disk here; /dev/shm leaves fsync out).</summary>
    public string Folder { get; }

    private static int Number(string[] args, string name, int fallback) => int.Parse(Text(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string Text(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
