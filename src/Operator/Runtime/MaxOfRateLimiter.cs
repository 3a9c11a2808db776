namespace Mesh.Operator.Runtime;

/// <summary>The longest delay of several limiters (client-go's MaxOfRateLimiter).</summary>
public sealed class MaxOfRateLimiter : IRateLimiter
{
    private readonly IRateLimiter[] _limiters;

    public MaxOfRateLimiter(params IRateLimiter[] limiters)
    {
        ArgumentNullException.ThrowIfNull(limiters);
        _limiters = limiters;
    }

    /// <summary>
    /// Per-key backoff from 5 ms to 5 min combined with an overall bucket of 10 retries/s (burst 100), the defaults of
    /// controller-runtime's DefaultTypedControllerRateLimiter except the cap (1000 s there).
    /// </summary>
    public static MaxOfRateLimiter Default(TimeProvider time) => new(
        new ExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5)),
        new TokenBucketRateLimiter(10, 100, time));

    public TimeSpan When(ObjectKey key)
    {
        var max = TimeSpan.Zero;
        foreach (var limiter in _limiters)
        {
            var d = limiter.When(key);
            if (d > max)
            {
                max = d;
            }
        }

        return max;
    }

    public void Forget(ObjectKey key)
    {
        foreach (var limiter in _limiters)
        {
            limiter.Forget(key);
        }
    }

    public int Retries(ObjectKey key) => _limiters.Max(l => l.Retries(key));
}
