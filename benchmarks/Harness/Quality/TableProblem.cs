using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A tabular benchmark (every config of a space trained for several seeds) under one of two protocols:
/// noise-free, where an evaluation observes a config's mean score over the seeds, or noisy, where it observes one
/// seed's score at random, like retraining would. Regret is always on the mean score. A run's score is the mean
/// validation loss of its last <see cref="TableHeader.ScoreLastEpochs"/> epochs (the trainer's default).
/// </summary>
public sealed class TableProblem : IBenchmarkProblem
{
    private readonly Dictionary<ulong, int> _index;
    private readonly double[][] _scores;
    private readonly double[] _means;
    private readonly double _optimum;

    private TableProblem(BenchmarkTable table, SearchSpace space, bool noisy)
    {
        Table = table;
        Space = space;
        Noisy = noisy;
        int last = table.Header.ScoreLastEpochs;
        _index = new Dictionary<ulong, int>(table.Entries.Count);
        _scores = new double[table.Entries.Count][];
        _means = new double[table.Entries.Count];
        for (int i = 0; i < table.Entries.Count; i++)
        {
            _index[ConfigKey.Parse(table.Entries[i].Key).Value] = i;
            _scores[i] = table.Entries[i].Runs.Select(r => r.Loss.TakeLast(last).Average()).ToArray();
            _means[i] = _scores[i].Average();
        }

        var sorted = _means.Order().ToArray();
        _optimum = sorted[0];
        TopOnePercentRegret = sorted[(sorted.Length - 1) / 100] - _optimum;
    }

    /// <summary>The table.</summary>
    public BenchmarkTable Table { get; }

    /// <summary>Whether an evaluation observes one seed (true) or the mean over seeds (false).</summary>
    public bool Noisy { get; }

    public string Name => Noisy ? Table.Header.Name + "-noisy" : Table.Header.Name;

    public string Description =>
        $"{Table.Header.Configs:N0} configs of {Table.Header.Space} ({Table.Header.Task}) trained for {Table.Header.Epochs} epochs with {Table.Header.Seeds.Length} seeds on {Table.Header.Data}; " +
        (Noisy ? "an evaluation observes one seed's score at random, regret on the mean over seeds" : "an evaluation observes the mean over seeds");

    public SearchSpace Space { get; }

    public int ConfigCount => _means.Length;

    public double TopOnePercentRegret { get; }

    /// <summary>The mean score over seeds of every config, in table order.</summary>
    public IReadOnlyList<double> MeanScores => _means;

    /// <summary>
    /// Loads the table and checks it holds exactly the distinct configs of <typeparamref name="TConfig"/>'s space.
    /// </summary>
    /// <exception cref="InvalidDataException">The table was built for another space; the message says to rebuild it.</exception>
    public static TableProblem Load<TConfig>(string file, bool noisy)
        where TConfig : ITunable<TConfig>
    {
        var table = BenchmarkTable.Read(file);
        var space = TConfig.Space;
        if (table.Header.Space != typeof(TConfig).Name || table.Entries.Count != space.DistinctConfigCount)
        {
            throw new InvalidDataException($"{file} holds {table.Entries.Count} configs of {table.Header.Space}, not the {space.DistinctConfigCount} of {typeof(TConfig).Name}; rebuild it with benchmarks/TabularBuilder.");
        }

        var problem = new TableProblem(table, space, noisy);
        foreach (var genome in space.EnumerateDistinct())
        {
            if (!problem._index.ContainsKey(space.KeyOf(genome).Value))
            {
                throw new InvalidDataException($"{file} lacks config {space.KeyOf(genome)} of {typeof(TConfig).Name}; rebuild it with benchmarks/TabularBuilder.");
            }
        }

        return problem;
    }

    /// <summary>The table row of a config.</summary>
    public TableEntry Entry(Candidate config) => Table.Entries[IndexOf(config)];

    /// <remarks>
    /// Noisy: the first evaluation of a config observes a seed drawn from the run and the config's key; repeat r
    /// observes the r-th seed after it (so a second evaluation is another training seed, like retraining with
    /// another <c>trial.Seed</c>).
    /// </remarks>
    public Evaluation Evaluate(Candidate config, int run, int repeat)
    {
        int index = IndexOf(config);
        var scores = _scores[index];
        double score = Noisy ? scores[(SeedIndex(config, run) + repeat) % scores.Length] : _means[index];
        return new Evaluation(score, Table.Header.Epochs);
    }

    /// <summary>Which seed's run the first (noisy) evaluation of a config observes in a run.</summary>
    public int SeedIndex(Candidate config, int run) => StrategyRandom.Mix(run, (int)config.Key.Value) % Table.Header.Seeds.Length;

    public double Regret(Candidate config) => _means[IndexOf(config)] - _optimum;

    private int IndexOf(Candidate config) =>
        _index.TryGetValue(config.Key.Value, out int i) ? i : throw new KeyNotFoundException($"Config {config.Key} is not in the table {Table.Header.Name}.");
}
