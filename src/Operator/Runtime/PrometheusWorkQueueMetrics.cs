using Prometheus;

namespace Mesh.Operator.Runtime;

/// <summary>Reports one queue under its controller's name.</summary>
internal sealed class PrometheusWorkQueueMetrics(string name) : IWorkQueueMetrics
{
    private readonly Counter.Child _adds = RuntimeMetrics.QueueAdds.WithLabels(name);
    private readonly Gauge.Child _depth = RuntimeMetrics.QueueDepth.WithLabels(name);
    private readonly Histogram.Child _duration = RuntimeMetrics.QueueDuration.WithLabels(name);
    private readonly Counter.Child _retries = RuntimeMetrics.QueueRetries.WithLabels(name);

    public void Added() => _adds.Inc();

    public void Depth(int depth) => _depth.Set(depth);

    public void Waited(TimeSpan queueDuration) => _duration.Observe(queueDuration.TotalSeconds);

    public void Retried() => _retries.Inc();
}
