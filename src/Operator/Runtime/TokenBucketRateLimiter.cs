namespace Mesh.Operator.Runtime;

/// <summary>
/// Overall limit on retries for all keys together: a token bucket of <c>burst</c> tokens refilled at <c>qps</c>.
/// Each call reserves a token and returns how long until that token exists (golang.org/x/time/rate Reserve semantics,
/// which client-go's BucketRateLimiter uses).
/// </summary>
public sealed class TokenBucketRateLimiter : IRateLimiter
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly double _qps;
    private readonly double _burst;
    private double _tokens;
    private long _last;

    public TokenBucketRateLimiter(double qps, int burst, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (qps <= 0 || burst < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(qps), "qps must be positive and burst at least 1.");
        }

        _qps = qps;
        _burst = burst;
        _tokens = burst;
        _time = time;
        _last = time.GetTimestamp();
    }

    public TimeSpan When(ObjectKey key)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
            _last = now;
            _tokens = Math.Min(_burst, _tokens + elapsed * _qps) - 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    public void Forget(ObjectKey key)
    {
    }

    public int Retries(ObjectKey key) => 0;
}
