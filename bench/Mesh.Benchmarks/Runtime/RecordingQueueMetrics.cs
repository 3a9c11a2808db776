using Mesh.Operator.Runtime;

namespace Mesh.Benchmarks.Runtime;

/// <summary>Keeps every queue wait and counts adds, for percentiles after the run.</summary>
internal sealed class RecordingQueueMetrics : IWorkQueueMetrics
{
    private readonly Lock _lock = new();
    private readonly List<double> _waitsMs = new(1 << 20);
    private long _adds;

    public long Adds => Interlocked.Read(ref _adds);

    public void Added() => Interlocked.Increment(ref _adds);

    public void Depth(int depth)
    {
    }

    public void Waited(TimeSpan queueDuration)
    {
        lock (_lock)
        {
            _waitsMs.Add(queueDuration.TotalMilliseconds);
        }
    }

    public void Retried()
    {
    }

    /// <summary>Returns and clears the waits recorded so far.</summary>
    public List<double> TakeWaits()
    {
        lock (_lock)
        {
            var copy = new List<double>(_waitsMs);
            _waitsMs.Clear();
            Interlocked.Exchange(ref _adds, 0);
            return copy;
        }
    }
}
