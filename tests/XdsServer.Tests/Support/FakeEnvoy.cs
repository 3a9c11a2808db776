using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace Mesh.XdsServer.Tests.Support;

/// <summary>A state-of-the-world ADS client playing Envoy: sends requests, collects responses in order.</summary>
internal sealed class FakeEnvoy : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> _call;
    private readonly Channel<DiscoveryResponse> _responses = Channel.CreateUnbounded<DiscoveryResponse>();
    private readonly Task _reader;
    private bool _nodeSent;

    public FakeEnvoy(AggregatedDiscoveryService.AggregatedDiscoveryServiceClient client, string nodeId)
    {
        NodeId = nodeId;
        _call = client.StreamAggregatedResources();
        _reader = ReadAsync();
    }

    public string NodeId { get; }

    /// <summary>Completes with the call's final status once the server ends the stream.</summary>
    public TaskCompletionSource<Grpc.Core.Status> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends a request; the node goes only on the first one, as Envoy's set_node_on_first_message_only does.</summary>
    public async Task SendAsync(DiscoveryRequest request)
    {
        if (!_nodeSent)
        {
            request.Node ??= new Node { Id = NodeId };
            _nodeSent = true;
        }

        await _call.RequestStream.WriteAsync(request);
    }

    public Task SubscribeAsync(string typeUrl, params string[] names) =>
        SendAsync(new DiscoveryRequest { TypeUrl = typeUrl, ResourceNames = { names } });

    public Task AckAsync(DiscoveryResponse response, params string[] names) =>
        SendAsync(new DiscoveryRequest
        {
            TypeUrl = response.TypeUrl,
            VersionInfo = response.VersionInfo,
            ResponseNonce = response.Nonce,
            ResourceNames = { names },
        });

    public Task NackAsync(DiscoveryResponse response, string acceptedVersion, string error, params string[] names) =>
        SendAsync(new DiscoveryRequest
        {
            TypeUrl = response.TypeUrl,
            VersionInfo = acceptedVersion,
            ResponseNonce = response.Nonce,
            ResourceNames = { names },
            ErrorDetail = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = error },
        });

    public async Task<DiscoveryResponse> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await _responses.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{NodeId}: no response within {Timeout}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{NodeId}: the stream ended: {Ended.Task.Result}");
        }
    }

    /// <summary>Receives and ACKs one response, keeping the subscription to <paramref name="names"/>.</summary>
    public async Task<DiscoveryResponse> ReceiveAndAckAsync(params string[] names)
    {
        var response = await ReceiveAsync();
        await AckAsync(response, names);
        return response;
    }

    public async Task<Grpc.Core.Status> WaitForEndAsync() => await Ended.Task.WaitAsync(Timeout);

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
        }
    }

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
