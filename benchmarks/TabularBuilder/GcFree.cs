using System.Runtime;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>
/// Runs a training without garbage collections. TorchSharp 0.107 turns the numbers its optimizers pass to native
/// code into <c>Scalar</c> objects that only the finalizer frees; a collection during the native call can free one
/// while it is read, and the step fails ("Unknown scalar type", "Expected false to be true … toFloat"), more often
/// the busier the machine. With no collection while a run trains, nothing it created can be finalized under it.
/// </summary>
internal static class GcFree
{
    /// <summary>Managed memory one run may allocate before a collection happens anyway (far more than a run needs).</summary>
    private const long Budget = 64L * 1024 * 1024;

    private static int _runs;
    private static int _clean;

    /// <summary>How many runs trained, and how many of them without a collection.</summary>
    public static string Report => $"{_clean} of {_runs} runs trained without a garbage collection";

    public static T Run<T>(Func<T> train)
    {
        bool started = GC.TryStartNoGCRegion(Budget);
        try
        {
            return train();
        }
        finally
        {
            _runs++;
            if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
                _clean++;
            }
        }
    }
}
