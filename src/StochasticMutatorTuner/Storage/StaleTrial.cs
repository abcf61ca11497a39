using System.Globalization;

namespace StochasticMutatorTuner.Storage;

/// <summary>The error text every storage writes when it fails a trial whose worker stopped sending heartbeats.</summary>
internal static class StaleTrial
{
    public static string Message(DateTimeOffset lastSeen) =>
        $"stale: no heartbeat since {lastSeen.ToString("u", CultureInfo.InvariantCulture)}; its worker is presumed dead";
}
