using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// Which types a run allocates, from the runtime's own sampling (an <c>AllocationTick</c> event about every 100 KB
/// allocated, naming the type of the object that crossed the mark): the shares are estimates, good for finding the
/// big allocations of a hot path, not for exact bytes. <c>loop --allocations</c> prints them after each run.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    public void Print(TextWriter output, long trials, int top = 25)
    {
        long total = _bytesByType.Values.Sum();
        output.WriteLine($"allocation samples (about every 100 KB), top {top} types; estimated bytes per trial:");
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(top))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(double)bytes / trials,8:0} B  {100.0 * bytes / total,5:0.0} %  {type}"));
        }

        _bytesByType.Clear();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        int typeAt = eventData.PayloadNames.IndexOf("TypeName");
        int amountAt = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (amountAt < 0)
        {
            amountAt = eventData.PayloadNames.IndexOf("AllocationAmount");
        }

        if (typeAt < 0 || amountAt < 0)
        {
            return;
        }

        string type = eventData.Payload[typeAt] as string ?? "?";
        long amount = Convert.ToInt64(eventData.Payload[amountAt], CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
