using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Mesh.Xds.LoadHarness;

/// <summary>
/// The runtime's allocation ticks (one per ~100 KB allocated, with the type that crossed the mark), summed per type since
/// the last <see cref="Reset"/>: which objects a push allocates, without a profiler attached. Only with
/// XDS_HARNESS_ALLOC_TYPES=1 (the listener itself costs CPU).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    public void Reset() => _bytes = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, long>> Top(int count) => _bytes.OrderByDescending(p => p.Value).Take(count);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null)
        {
            return;
        }

        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
