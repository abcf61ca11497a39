using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>The problems and strategies the quality command knows by name.</summary>
public static class Catalog
{
    /// <summary>The tabular benchmarks: name → loader (the table file's config type decides the space).</summary>
    private static readonly (string Name, Func<string, bool, TableProblem> Load)[] Tables =
    {
        ("mlp-breast-cancer", TableProblem.Load<BreastCancerMlpConfig>),
        ("mlp-diabetes", TableProblem.Load<DiabetesMlpConfig>),
        ("mlp-fashion-mnist", TableProblem.Load<FashionMlpConfig>),
        ("cnn-fashion-mnist", TableProblem.Load<FashionCnnConfig>),
    };

    /// <summary>Where the tables are: copied next to the harness by the build.</summary>
    public static string DataFolder => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>The reference strategies every candidate default is judged against.</summary>
    public static IReadOnlyList<StrategyFactory> References() => new StrategyFactory[]
    {
        new("random", () => new RandomSearch()),
        new("storm-seed", () => new SeedStochasticMutator()),
        new("storm", () => new StochasticMutator()),
        new("storm-adaptive", () => new AdaptiveStochasticMutator()),
        new("regularized-evolution", () => new RegularizedEvolution()),
        new("tpe", () => new TpeSampler()),
    };

    /// <summary>Candidate defaults (not references).</summary>
    public static IReadOnlyList<StrategyFactory> Candidates() => Array.Empty<StrategyFactory>();

    /// <summary>Every problem: the synthetic pair, and both protocols of every table present in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<IBenchmarkProblem> Problems(string? folder = null)
    {
        folder ??= DataFolder;
        var problems = new List<IBenchmarkProblem> { new SyntheticProblem(noise: 0), new SyntheticProblem(noise: 0.15) };
        foreach (var (name, load) in Tables)
        {
            var file = Path.Combine(folder, name + ".jsonl.gz");
            if (File.Exists(file))
            {
                problems.Add(load(file, false));
                problems.Add(load(file, true));
            }
        }

        return problems;
    }

    /// <summary>
    /// The named strategies, in the order given; an unknown name is an error that lists the known ones. For
    /// exploring settings, <c>family:key=value/…</c> makes a candidate: <c>storm:init=25/f=0.3</c>,
    /// <c>storm-aging:init=10/f=0.5/P=20/T=5</c>; <c>confirm=2</c> adds the experiment of re-evaluating each incumbent once.
    /// </summary>
    public static IReadOnlyList<StrategyFactory> Strategies(IEnumerable<string>? names)
    {
        var all = References().Concat(Candidates()).ToList();
        if (names is null)
        {
            return all;
        }

        return names.Select(n => all.FirstOrDefault(s => s.Name == n) ?? Variant(n) ?? throw new ArgumentException($"Unknown strategy '{n}'; known: {string.Join(", ", all.Select(s => s.Name))}, or family:key=value/… of storm and storm-aging.")).ToList();
    }

    private static StrategyFactory? Variant(string name)
    {
        var parts = name.Split(':', 2);
        if (parts.Length != 2)
        {
            return null;
        }

        var settings = parts[1].Split('/').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));
        int Int(string key, int fallback) => settings.TryGetValue(key, out double v) ? (int)v : fallback;
        double Real(string key, double fallback) => settings.TryGetValue(key, out double v) ? v : fallback;
        int confirm = Int("confirm", 1);
        return parts[0] switch
        {
            "random" => new StrategyFactory(name, () => new RandomSearch(), IsReference: false, confirm),
            "regularized-evolution" => new StrategyFactory(name, () => new RegularizedEvolution { Population = Int("P", 20), Tournament = Int("T", 5) }, IsReference: false, confirm),
            "storm" => new StrategyFactory(name, () => new StochasticMutator
            {
                InitRandom = Int("init", 10),
                RandomizeAxisFactor = Real("f", 0.5),
                RestartAfter = settings.ContainsKey("restart") ? Int("restart", 0) : null,
                Screening = Int("screen", 1),
            }, IsReference: false, confirm),
            "x" => new StrategyFactory(name, () => new ExperimentalMutator { InitRandom = Int("init", 10), Factor = Real("f", 0.5), Smoothing = Real("smooth", 0), Stall = Int("stall", 0), StallMode = Int("mode", 0), Screen = Int("screen", 1), ScreenFrom = Int("from", 0) }, IsReference: false, confirm),
            "storm-aging" => new StrategyFactory(name, () => new AgingStochasticMutator
            {
                InitRandom = Int("init", 10),
                RandomizeAxisFactor = Real("f", 0.5),
                Population = Int("P", 20),
                Tournament = Int("T", 5),
            }, IsReference: false, confirm),
            _ => null,
        };
    }
}
