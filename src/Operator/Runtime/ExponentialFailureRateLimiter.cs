using System.Collections.Concurrent;

namespace Mesh.Operator.Runtime;

/// <summary>Per-key exponential backoff: base * 2^failures, capped (client-go's ItemExponentialFailureRateLimiter).</summary>
public sealed class ExponentialFailureRateLimiter : IRateLimiter
{
    private readonly ConcurrentDictionary<ObjectKey, int> _failures = new();
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public ExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (baseDelay <= TimeSpan.Zero || maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), "baseDelay must be positive and at most maxDelay.");
        }

        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    public TimeSpan When(ObjectKey key)
    {
        var exponent = _failures.AddOrUpdate(key, 1, (_, n) => n + 1) - 1;
        // 2^63 overflows; beyond 2^40 every sane base is already past any sane cap.
        var factor = Math.Pow(2, Math.Min(exponent, 40));
        var ticks = _baseDelay.Ticks * factor;
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(ObjectKey key) => _failures.TryRemove(key, out _);

    public int Retries(ObjectKey key) => _failures.TryGetValue(key, out var n) ? n : 0;
}
