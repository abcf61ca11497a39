using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// The engine's "ask": refresh the study from its storage and propose the next candidate, with N completed trials;
/// for the classic mutator and for the default strategy (restarts and screening, which read the study's trials).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class SuggestBenchmarks
{
    private IStudyStorage _storage = null!;
    private Study _study = null!;
    private StrategyContext _context = null!;
    private ISearchStrategy _strategy = null!;
    private string _folder = "";

    [Params(100, 1_000, 10_000)]
    public int CompletedTrials { get; set; }

    [Params("memory", "sqlite")]
    public string Storage { get; set; } = "memory";

    [Params("classic", "default")]
    public string Strategy { get; set; } = "classic";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("smt-bench-").FullName;
        _storage = Seeding.OpenStorage(Storage, _folder);
        var resolver = new ConditionalSpaceResolver(SyntheticConfig.SearchSpace);
        _study = await Study.OpenAsync(_storage, "bench", resolver, Direction.Minimize);
        await Seeding.AddCompletedTrialsAsync(_storage, _study, CompletedTrials);
        await _study.RefreshAsync();
        _strategy = Strategy == "classic" ? new StochasticMutator() : new TunerOptions().CreateStrategy();
        _context = new StrategyContext(resolver, new Random(1), Direction.Minimize, _study.IsTaken, () => _study.TrialCount, () => _study.BestTrial, () => _study.Trials);
        _strategy.Propose(_context); // the default strategy's model takes in the study once; later asks only add new trials
    }

    [Benchmark]
    public async Task<Candidate?> Suggest()
    {
        await _study.RefreshAsync();
        return _strategy.Propose(_context);
    }

    [GlobalCleanup]
    public Task CleanupAsync() => Seeding.DisposeAsync(_storage, _folder);
}

/// <summary>Key hashing and mutation throughput on the synthetic space (14 parameters).</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class GenomeBenchmarks
{
    private readonly SearchSpace _space = SyntheticConfig.SearchSpace;
    private readonly Random _random = new(3);
    private int[] _genome = null!;

    [GlobalSetup]
    public void Setup() => _genome = _space.Sample(new Random(2));

    [Benchmark]
    public ConfigKey Key() => _space.KeyOf(_genome);

    [Benchmark]
    public int MutateOne()
    {
        Mutation.MutateOne(_space, _genome, 0, _random);
        return _genome[0];
    }

    [Benchmark]
    public SyntheticConfig DecodeAndEncode() => SyntheticConfig.FromGenome(SyntheticConfig.FromGenome(_genome).ToGenome());
}

/// <summary>One trial's storage round trip: reserve a new key, then finish it with a score and metrics.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class StorageBenchmarks
{
    private IStudyStorage _storage = null!;
    private long _studyId;
    private int _next;
    private string _folder = "";

    [ParamsSource(nameof(Storages))]
    public string Storage { get; set; } = "sqlite";

    public static IEnumerable<string> Storages() =>
        Environment.GetEnvironmentVariable("SMT_TEST_POSTGRES") is { Length: > 0 } ? new[] { "memory", "sqlite", "postgres" } : new[] { "memory", "sqlite" };

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("smt-bench-").FullName;
        _storage = Seeding.OpenStorage(Storage, _folder);
        _studyId = (await _storage.CreateOrOpenStudyAsync(new StudyDefinition($"bench-{Guid.NewGuid():N}", Direction.Minimize, "fp", "{\"parameters\":[]}"))).Id;
    }

    [Benchmark]
    public async Task<StoredTrial> TrialRoundTrip()
    {
        var key = (_next++).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        var reserved = await _storage.ReserveTrialAsync(_studyId, new TrialReservation(key, Seeding.Params, "bench", DateTimeOffset.UtcNow));
        return await _storage.FinishTrialAsync(_studyId, reserved.Trial!.Number, TrialOutcome.Complete(0.5, Seeding.Metrics, DateTimeOffset.UtcNow));
    }

    [GlobalCleanup]
    public Task CleanupAsync() => Seeding.DisposeAsync(_storage, _folder);
}

/// <summary>Reading a whole study back (what resuming, reports and the CLI do): 1,000 finished trials.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class StorageReadBenchmarks
{
    private IStudyStorage _storage = null!;
    private long _studyId;
    private string _folder = "";

    [ParamsSource(nameof(Storages))]
    public string Storage { get; set; } = "sqlite";

    public static IEnumerable<string> Storages() => StorageBenchmarks.Storages();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("smt-bench-").FullName;
        _storage = Seeding.OpenStorage(Storage, _folder);
        var study = await Study.OpenAsync(_storage, $"read-{Guid.NewGuid():N}", new ConditionalSpaceResolver(SyntheticConfig.SearchSpace), Direction.Minimize);
        await Seeding.AddCompletedTrialsAsync(_storage, study, 1_000);
        _studyId = study.Info.Id;
    }

    [Benchmark]
    public async Task<int> ReadThousandTrials() => (await _storage.GetTrialsAsync(_studyId)).Count;

    [GlobalCleanup]
    public Task CleanupAsync() => Seeding.DisposeAsync(_storage, _folder);
}

/// <summary>The source generator on a project with 100 config classes (parse, bind and generate, from scratch).</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sources = Enumerable.Range(0, 100).Select(i => $$"""
            using StochasticMutatorTuner;
            namespace Bench.N{{i}};
            public enum Opt { Sgd, Adam }
            public partial class Config{{i}}
            {
                [Param(16, 32, 64, 128, Ordered = true)] public int BatchSize { get; set; }
                [Param(1, 2, 3, Ordered = true)] public int Layers { get; set; }
                [Param(8, 16, 32), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];
                [Param("relu", "tanh", "elu")] public string Activation { get; set; } = "relu";
                [Param] public bool Dropout { get; set; }
                [Param(0.1, 0.2, 0.3), ActiveWhen(nameof(Dropout))] public double Rate { get; set; }
                [Param] public Opt Optimizer { get; set; }
                [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), Opt.Sgd)] public double Momentum { get; set; }
            }
            """);
        _compilation = CSharpCompilation.Create(
            "Bench",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp12))),
            Basic.Reference.Assemblies.Net80.References.All.Concat(new[]
            {
                MetadataReference.CreateFromFile(typeof(ParamAttribute).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(SearchSpace).Assembly.Location),
            }),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    [Benchmark]
    public int Generate100Classes()
    {
        var driver = CSharpGeneratorDriver.Create(new StochasticMutatorTuner.Generators.TunableGenerator()).RunGenerators(_compilation);
        return driver.GetRunResult().GeneratedTrees.Length;
    }
}

/// <summary>Fills a study with completed trials of distinct random configs.</summary>
internal static class Seeding
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Params = new[] { new KeyValuePair<string, string>("x", "1") };

    public static readonly IReadOnlyDictionary<string, double> Metrics = new Dictionary<string, double> { ["accuracy"] = 0.9 };

    /// <summary>The storage a benchmark runs on: memory, a SQLite file in <paramref name="folder"/>, or SMT_TEST_POSTGRES.</summary>
    public static IStudyStorage OpenStorage(string kind, string folder) => kind switch
    {
        "memory" => new InMemoryStudyStorage(),
        "sqlite" => new SqliteStudyStorage(Path.Combine(folder, "bench.db")),
        _ => PostgresStudyStorage.Open(Environment.GetEnvironmentVariable("SMT_TEST_POSTGRES")!),
    };

    /// <summary>Disposes a benchmark's storage and deletes its temporary folder.</summary>
    public static async Task DisposeAsync(IStudyStorage storage, string folder)
    {
        await storage.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    public static async Task AddCompletedTrialsAsync(IStudyStorage storage, Study study, int count)
    {
        var random = new Random(7);
        var space = study.Space;
        int added = 0;
        while (added < count)
        {
            var genome = space.Sample(random);
            var active = space.GetActive(genome);
            var values = Enumerable.Range(0, space.Count).Where(i => active[i]).Select(i => new KeyValuePair<string, string>(space.Parameters[i].Name, space.FormatValue(i, genome[i]))).ToArray();
            var reserved = await storage.ReserveTrialAsync(study.Info.Id, new TrialReservation(space.KeyOf(genome).ToString(), values, "seed", DateTimeOffset.UtcNow));
            if (reserved.Status != ReservationStatus.Created)
            {
                continue;
            }

            await storage.FinishTrialAsync(study.Info.Id, reserved.Trial!.Number, TrialOutcome.Complete(SyntheticConfig.FromGenome(genome).TrueLoss(), Metrics, DateTimeOffset.UtcNow));
            added++;
        }
    }
}
