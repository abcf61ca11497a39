using System.Globalization;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>What a test worker process printed about its own view of the study when its search ended.</summary>
internal sealed record WorkerReport(int Trials, int Nulls, int BestNumber, double BestScore, int Failed, int Pruned, int Foreign, int Running, int TrialsThisRun, string StopReason, string Output)
{
    public static WorkerReport Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var view = lines.LastOrDefault(l => l.StartsWith("view ", StringComparison.Ordinal));
        var done = lines.LastOrDefault(l => l.StartsWith("done ", StringComparison.Ordinal));
        Assert.True(view is not null && done is not null, $"the worker did not report its view: {output}");
        var v = view!.Split(' ');
        var d = done!.Split(' ');
        int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        return new WorkerReport(I(v[1]), I(v[2]), I(v[3]), double.Parse(v[4], CultureInfo.InvariantCulture), I(v[5]), I(v[6]), I(v[7]), I(v[8]), I(d[1]), d[2], output);
    }
}
