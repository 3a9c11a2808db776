using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Grpc.Core;

namespace Mesh.XdsServer.Tests.Support;

/// <summary>
/// What both fake Envoys (state of the world and delta) share: one ADS call whose responses are collected in order,
/// the node sent on the first request only, bounded waits, and the call's final status.
/// </summary>
internal abstract class FakeAdsStream<TRequest, TResponse> : IAsyncDisposable
    where TRequest : class
    where TResponse : class
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly AsyncDuplexStreamingCall<TRequest, TResponse> _call;
    private readonly Channel<TResponse> _responses = Channel.CreateUnbounded<TResponse>();
    private readonly string _what;
    private readonly Task _reader;
    private bool _nodeSent;

    /// <param name="call">The open ADS call.</param>
    /// <param name="nodeId">The node id sent on the first request.</param>
    /// <param name="what">What a response is called in timeout messages ("response", "delta response").</param>
    protected FakeAdsStream(AsyncDuplexStreamingCall<TRequest, TResponse> call, string nodeId, string what)
    {
        NodeId = nodeId;
        _call = call;
        _what = what;
        _reader = ReadAsync();
    }

    public string NodeId { get; }

    /// <summary>Completes with the call's final status once the server ends the stream.</summary>
    public TaskCompletionSource<Grpc.Core.Status> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends a request; the node goes only on the first one, as Envoy's set_node_on_first_message_only does.</summary>
    public async Task SendAsync(TRequest request)
    {
        if (!_nodeSent)
        {
            SetNodeIfAbsent(request, new Node { Id = NodeId });
            _nodeSent = true;
        }

        await _call.RequestStream.WriteAsync(request);
    }

    public async Task<TResponse> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await _responses.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{NodeId}: no {_what} within {Timeout}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{NodeId}: the stream ended: {Ended.Task.Result}");
        }
    }

    public async Task<Grpc.Core.Status> WaitForEndAsync() => await Ended.Task.WaitAsync(Timeout);

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Disposing cancels the call: its end is expected here, and under load the in-memory transport reports it
            // from the reader as an aborted stream or a disposed object rather than as a cancelled RPC.
        }
    }

    /// <summary>Sets the request's node unless the test set one itself.</summary>
    protected abstract void SetNodeIfAbsent(TRequest request, Node node);

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync())
            {
                await _responses.Writer.WriteAsync(response);
            }

            Ended.TrySetResult(_call.GetStatus());
        }
        catch (RpcException e)
        {
            Ended.TrySetResult(e.Status);
        }
        finally
        {
            _responses.Writer.TryComplete();
        }
    }
}
