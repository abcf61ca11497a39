namespace StochasticMutatorTuner.Tests.Support;

/// <summary>The bytes test workers save as a trial's artifact: different for every trial, so a mixed-up file shows.</summary>
public static class ArtifactContent
{
    public const int ModelSize = 64 * 1024;

    public static byte[] Of(int trial, int size = ModelSize) => Enumerable.Range(0, size).Select(i => (byte)((i * 7) + (trial * 13) + (i >> 8))).ToArray();
}
