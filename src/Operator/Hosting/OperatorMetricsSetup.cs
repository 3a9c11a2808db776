using Prometheus;

namespace Mesh.Operator.Hosting;

/// <summary>
/// Which .NET meters /metrics republishes. prometheus-net bridges every System.Diagnostics.Metrics instrument by default,
/// and Kestrel's memory pool records a measurement for every block it rents and returns: with 200 sidecars taking a
/// route change that was 9% of the operator's CPU in the bridge alone (profile of the e2e harness's S3). The operator's
/// own metrics are prometheus-net's; the framework's connection and request meters stay.
/// </summary>
internal static class OperatorMetricsSetup
{
    /// <summary>Meters left out of /metrics because they record on every buffer operation.</summary>
    public static readonly IReadOnlySet<string> HotMeters = new HashSet<string>(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.MemoryPool",
    };

    private static int _configured;

    /// <summary>Replaces the default bridge with one that skips <see cref="HotMeters"/> (once per process: it is global).</summary>
    public static void LeaveOutHotFrameworkMeters()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 0)
        {
            Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = instrument => !HotMeters.Contains(instrument.Meter.Name));
        }
    }
}
