using System.Diagnostics;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>Wall-clock and process CPU time from a start (CPU because the machine is shared: wall time includes waiting for a core).</summary>
internal readonly struct Measure
{
    private readonly long _started;
    private readonly TimeSpan _cpu;

    private Measure(long started, TimeSpan cpu)
    {
        _started = started;
        _cpu = cpu;
    }

    public double Seconds => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    public double CpuSeconds => (Cpu() - _cpu).TotalSeconds;

    public static Measure Start() => new(Stopwatch.GetTimestamp(), Cpu());

    /// <summary>The 1-minute load average, from /proc/loadavg.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
