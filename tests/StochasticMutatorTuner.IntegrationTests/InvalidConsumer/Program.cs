using StochasticMutatorTuner;

System.Console.WriteLine("never built");

public class NotPartial
{
    [Param(32, 64, 64)] public int BatchSize { get; set; }
    [Param(0.1), ActiveWhen("Dropot")] public double Rate { get; set; }
}
