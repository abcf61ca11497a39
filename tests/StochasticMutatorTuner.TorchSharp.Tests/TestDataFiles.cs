namespace StochasticMutatorTuner.TorchSharp.Tests;

internal static class TestDataFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);
}
