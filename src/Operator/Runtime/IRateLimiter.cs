namespace Mesh.Operator.Runtime;

/// <summary>Decides how long a key waits before it is retried (client-go's workqueue.TypedRateLimiter).</summary>
public interface IRateLimiter
{
    /// <summary>Records one more retry of the key and returns how long it must wait.</summary>
    TimeSpan When(ObjectKey key);

    /// <summary>Stops tracking the key: its next failure starts from the base delay again.</summary>
    void Forget(ObjectKey key);

    /// <summary>How many times the key has been retried since it was last forgotten.</summary>
    int Retries(ObjectKey key);
}
