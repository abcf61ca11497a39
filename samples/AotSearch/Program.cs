using AotSearch;
using StochasticMutatorTuner;
using StochasticMutatorTuner.Tuning;

// A search over a generated space, compiled ahead of time: no reflection on the config type anywhere, SQLite included.
// The study goes to aot-project/tuner.smt.db, or to the SQLite file given as the argument; a second run resumes it
// and, its 60 trials being there, prints the stored best.
var database = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("aot-project", TunerOptions.DefaultDatabaseFileName));
var options = new TunerOptions { StorageUrl = "sqlite:" + database, MaxTrials = 60, Seed = 1 };
Console.WriteLine($"Study in SQLite file {database}.");
var result = await new Tuner<AotConfig>(options).SearchAsync((config, _) => config.Loss());
Console.WriteLine($"{result.StopReason}: {result.Trials.Count} trials; best {result.BestScore} with {result.BestConfig}");
Console.WriteLine($"as JSON {result.BestConfig!.ToJson()}; round trip {AotConfig.FromJson(result.BestConfig.ToJson())}");

namespace AotSearch
{
public enum Optimizer { Sgd, Adam }

public partial class AotConfig
{
    [Param(1, 2, 3, 4, Ordered = true)] public int Layers { get; set; }
    [Param(8, 16, 32, Ordered = true), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];
    [Param] public bool Dropout { get; set; }
    [Param(0.1, 0.3), ActiveWhen(nameof(Dropout))] public double Rate { get; set; }
    [Param] public Optimizer Optimizer { get; set; }
    [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), Optimizer.Sgd)] public double Momentum { get; set; }

    public double Loss() => Math.Abs(Layers - 2) + Units.Sum(u => Math.Abs(u - 16) / 16.0) + (Dropout ? Rate : 0.5) + (Optimizer == Optimizer.Sgd ? 1 - Momentum : 0.2);
}
}
