using Grpc.Core;

namespace Mesh.XdsServer.Server;

/// <summary>
/// Bounds how many large responses are being written at once across every stream. gRPC serializes a whole message into
/// the HTTP/2 stream's output before flow control can push back, so 2,000 proxies connecting together would otherwise
/// hold 2,000 full initial responses (megabytes each) in Kestrel's pinned buffers at once, and the pool keeps that peak
/// resident afterwards. Small responses (a single endpoint change) pass at once, so churn is never queued behind an
/// initial sync. A large write that does not finish within the timeout ends its stream: a proxy that stopped reading
/// must not keep a slot from the others.
/// </summary>
internal sealed class SendGate
{
    private readonly SemaphoreSlim? _slots;
    private readonly int _largeBytes;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private int _waiting;

    public SendGate(int maxConcurrentLargeSends, int largeSendBytes, TimeSpan timeout, TimeProvider timeProvider)
    {
        Capacity = Math.Max(0, maxConcurrentLargeSends);
        _slots = Capacity > 0 ? new SemaphoreSlim(Capacity, Capacity) : null;
        _largeBytes = Math.Max(0, largeSendBytes);
        _timeout = timeout;
        _timeProvider = timeProvider;
    }

    /// <summary>Writes currently holding a slot.</summary>
    public int InFlight => _slots is null ? 0 : Capacity - _slots.CurrentCount;

    /// <summary>Large writes waiting for a slot.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>How many large writes may run at once (0: unbounded).</summary>
    public int Capacity { get; }

    /// <summary>
    /// Runs <paramref name="write"/> for a response of <paramref name="size"/> bytes, after taking a slot when it is large.
    /// </summary>
    public async Task SendAsync(int size, string what, Func<CancellationToken, Task> write, CancellationToken cancellation)
    {
        if (_slots is null || size < _largeBytes)
        {
            await write(cancellation);
            return;
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(cancellation);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        try
        {
            if (_timeout <= TimeSpan.Zero || _timeout == Timeout.InfiniteTimeSpan)
            {
                await write(cancellation);
                return;
            }

            using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
            try
            {
                await write(linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                throw new XdsProtocolException(StatusCode.DeadlineExceeded,
                    $"the proxy did not read the {what} response ({size} bytes) within {_timeout.TotalSeconds:0.###} s: " +
                    "ending the stream so that it stops holding one of the server's send slots; the proxy keeps its config and reconnects");
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}
