namespace StochasticMutatorTuner.Build.Tasks.Tests;

/// <summary>The real libLibTorchSharp.so from the TorchSharp package, as copied (unpatched) into the test output.</summary>
internal static class RealLibrary
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    public static byte[] ReadBytes()
    {
        Assert.True(File.Exists(Path), $"The TorchSharp package should have put {Path} in the test output.");
        return File.ReadAllBytes(Path);
    }
}
