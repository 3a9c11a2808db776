namespace Mesh.Operator.Runtime;

/// <summary>Reports nothing.</summary>
public sealed class NoWorkQueueMetrics : IWorkQueueMetrics
{
    public static NoWorkQueueMetrics Instance { get; } = new();

    public void Added()
    {
    }

    public void Depth(int depth)
    {
    }

    public void Waited(TimeSpan queueDuration)
    {
    }

    public void Retried()
    {
    }
}
