using Prometheus;

namespace Mesh.Operator.Publishing;

/// <summary>
/// Where a change's time goes between the reconcile that submits it and the proxies' ACKs (mesh_xds_convergence_seconds
/// takes it from there): the coalescing window and the translation of a batch.
/// </summary>
internal static class PublishMetrics
{
    private static readonly double[] Buckets = Histogram.ExponentialBuckets(0.001, 2, 15);

    public static readonly Histogram Wait = Metrics.CreateHistogram(
        "mesh_publish_wait_seconds", "Time from the first change of a batch being submitted to its publish starting (coalescing window and the previous publish).",
        new HistogramConfiguration { Buckets = Buckets });

    public static readonly Histogram Duration = Metrics.CreateHistogram(
        "mesh_publish_duration_seconds", "Time to translate, validate and set the snapshots of one batch of policy changes.",
        new HistogramConfiguration { Buckets = Buckets });
}
