using StochasticMutatorTuner;
using StochasticMutatorTuner.Tuning;

// An invalid space used the way programs use a config (the tuner's ITunable<T> constraint, static and instance
// generated members): the build must show the SMT errors and no compiler error that follows from them.
var config = BadConfig.FromJson("{}");
System.Console.WriteLine(config.ToJson() + BadConfig.SearchSpace.Count);
var tuner = new Tuner<BadConfig>(new TunerOptions { MaxTrials = 1 });
System.Console.WriteLine(tuner);

public partial class BadConfig
{
    [Param(32, 64, 64)] public int BatchSize { get; set; }
    [Param(0.1, 0.2), ActiveWhen("Dropot")] public double Rate { get; set; }
}

// Not partial: the generator cannot extend it at all, so it is not used here.
public class NotPartial
{
    [Param(1, 2)] public int Width { get; set; }
}
