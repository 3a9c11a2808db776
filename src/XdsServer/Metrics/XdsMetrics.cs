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

    public void StreamOpened(bool delta) => _connected.WithLabels(Api(delta)).Inc();

    public void StreamClosed(bool delta) => _connected.WithLabels(Api(delta)).Dec();

    public void Pushed(string typeUrl, int bytes, TimeSpan duration)
    {
        var type = TypeUrls.ShortName(typeUrl);
        _pushes.WithLabels(type).Inc();
        _bytes.WithLabels(type).Inc(bytes);
        _pushDuration.WithLabels(type).Observe(duration.TotalSeconds);
    }

    public void Acked(string typeUrl, TimeSpan sinceSnapshotSet) =>
        _convergence.WithLabels(TypeUrls.ShortName(typeUrl)).Observe(sinceSnapshotSet.TotalSeconds);

    public void Nacked(string typeUrl) => _nacks.WithLabels(TypeUrls.ShortName(typeUrl)).Inc();

    private static string Api(bool delta) => delta ? "delta" : "sotw";
}
