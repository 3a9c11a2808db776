namespace Mesh.Operator.Runtime;

/// <summary>What a work queue reports; the Prometheus implementation uses client-go's metric names.</summary>
public interface IWorkQueueMetrics
{
    void Added();

    void Depth(int depth);

    void Waited(TimeSpan queueDuration);

    void Retried();
}
