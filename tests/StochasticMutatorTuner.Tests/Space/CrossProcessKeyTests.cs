using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Tests.Space;

public class CrossProcessKeyTests
{
    [Fact]
    public async Task Keys_are_identical_in_another_process()
    {
        var lines = (await TestWorkerProcess.RunAsync("keys")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var expected = new List<string>();
        foreach (var space in new[] { Spaces.Conditional(), Spaces.Chain() })
        {
            expected.AddRange(space.EnumerateDistinct().Select(g => $"{string.Join(",", g)} {space.KeyOf(g)}"));
        }

        expected.Add($"SmallConfig {new SmallConfig { Width = 2, Dropout = true, Rate = 0.3, Optimizer = Opt.Sgd, Momentum = 0.9 }.GetConfigKey()}");
        Assert.Equal(expected, lines.Select(l => l.TrimEnd('\r')));
    }
}
