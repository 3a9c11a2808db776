using Mesh.XdsServer.Snapshots;
using Prometheus;

namespace Mesh.XdsServer.Metrics;

/// <summary>The server's Prometheus metrics (prometheus-net default registry; the host exposes /metrics).</summary>
internal sealed class XdsMetrics
{
    private static readonly double[] SecondsBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Gauge _connected = Prometheus.Metrics.CreateGauge(
        "mesh_xds_connected_proxies", "Open ADS streams.", new GaugeConfiguration { LabelNames = ["api"] });

    private readonly Counter _pushes = Prometheus.Metrics.CreateCounter(
        "mesh_xds_pushes_total", "xDS responses sent.", new CounterConfiguration { LabelNames = ["type"] });

    private readonly Histogram _pushDuration = Prometheus.Metrics.CreateHistogram(
        "mesh_xds_push_duration_seconds", "Time to build and write one xDS response.",
        new HistogramConfiguration { LabelNames = ["type"], Buckets = SecondsBuckets });

    private readonly Histogram _convergence = Prometheus.Metrics.CreateHistogram(
        "mesh_xds_convergence_seconds", "Time from SetSnapshot to the proxy's ACK of the resulting response.",
        new HistogramConfiguration { LabelNames = ["type"], Buckets = SecondsBuckets });

    private readonly Counter _nacks = Prometheus.Metrics.CreateCounter(
        "mesh_xds_nacks_total", "Responses rejected by a proxy.", new CounterConfiguration { LabelNames = ["type"] });

    private readonly Counter _bytes = Prometheus.Metrics.CreateCounter(
        "mesh_xds_sent_bytes_total", "Bytes of xDS responses sent.", new CounterConfiguration { LabelNames = ["type"] });

    // Labelled children are looked up once per type: prometheus-net's label lookup takes a reader lock, and with one
    // call per ACK and per response it was a quarter of a cold push's stream CPU, spinning on that lock.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PerType> _types = new(StringComparer.Ordinal);
    private Gauge.Child? _delta;
    private Gauge.Child? _sotw;

    public void StreamOpened(bool delta) => Connected(delta).Inc();

    public void StreamClosed(bool delta) => Connected(delta).Dec();

    public void Pushed(string typeUrl, int bytes, TimeSpan duration)
    {
        var type = Of(typeUrl);
        type.Pushes.Inc();
        type.Bytes.Inc(bytes);
        type.PushDuration.Observe(duration.TotalSeconds);
    }

    public void Acked(string typeUrl, TimeSpan sinceSnapshotSet) => Of(typeUrl).Convergence.Observe(sinceSnapshotSet.TotalSeconds);

    public void Nacked(string typeUrl) => Of(typeUrl).Nacks.Inc();

    private Gauge.Child Connected(bool delta) => delta
        ? _delta ??= _connected.WithLabels("delta")
        : _sotw ??= _connected.WithLabels("sotw");

    private PerType Of(string typeUrl) =>
        _types.TryGetValue(typeUrl, out var known) ? known : _types.GetOrAdd(typeUrl, url => new PerType(this, TypeUrls.ShortName(url)));

    private sealed class PerType(XdsMetrics metrics, string type)
    {
        public Counter.Child Pushes { get; } = metrics._pushes.WithLabels(type);

        public Counter.Child Bytes { get; } = metrics._bytes.WithLabels(type);

        public Histogram.Child PushDuration { get; } = metrics._pushDuration.WithLabels(type);

        public Histogram.Child Convergence { get; } = metrics._convergence.WithLabels(type);

        public Counter.Child Nacks { get; } = metrics._nacks.WithLabels(type);
    }
}
