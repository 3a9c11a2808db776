using Prometheus;

namespace Mesh.Operator.Runtime;

/// <summary>Prometheus metrics named as controller-runtime and client-go name them, so existing dashboards work.</summary>
internal static class RuntimeMetrics
{
    public static readonly Counter ReconcileTotal = Metrics.CreateCounter(
        "controller_runtime_reconcile_total", "Total number of reconciliations per controller.", "controller", "result");

    public static readonly Counter ReconcileErrors = Metrics.CreateCounter(
        "controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller.", "controller");

    public static readonly Histogram ReconcileTime = Metrics.CreateHistogram(
        "controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller.",
        new HistogramConfiguration { LabelNames = ["controller"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });

    public static readonly Gauge ActiveWorkers = Metrics.CreateGauge(
        "controller_runtime_active_workers", "Number of currently used workers per controller.", "controller");

    public static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "workqueue_depth", "Current depth of workqueue.", "name");

    public static readonly Counter QueueAdds = Metrics.CreateCounter(
        "workqueue_adds_total", "Total number of adds handled by workqueue.", "name");

    public static readonly Histogram QueueDuration = Metrics.CreateHistogram(
        "workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested.",
        new HistogramConfiguration { LabelNames = ["name"], Buckets = Histogram.ExponentialBuckets(0.0001, 4, 12) });

    public static readonly Counter QueueRetries = Metrics.CreateCounter(
        "workqueue_retries_total", "Total number of retries handled by workqueue.", "name");

    public static readonly Gauge LeaderStatus = Metrics.CreateGauge(
        "leader_election_master_status", "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.", "name");
}
