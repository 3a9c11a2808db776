using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace Mesh.XdsServer.Tests.Support;

/// <summary>A delta (incremental) ADS client playing Envoy.</summary>
internal sealed class FakeDeltaEnvoy : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly AsyncDuplexStreamingCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse> _call;
    private readonly Channel<DeltaDiscoveryResponse> _responses = Channel.CreateUnbounded<DeltaDiscoveryResponse>();
    private readonly Task _reader;
    private bool _nodeSent;

    public FakeDeltaEnvoy(AggregatedDiscoveryService.AggregatedDiscoveryServiceClient client, string nodeId)
    {
        NodeId = nodeId;
        _call = client.DeltaAggregatedResources();
        _reader = ReadAsync();
    }

    public string NodeId { get; }

    public TaskCompletionSource<Grpc.Core.Status> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task SendAsync(DeltaDiscoveryRequest request)
    {
        if (!_nodeSent)
        {
            request.Node ??= new Node { Id = NodeId };
            _nodeSent = true;
        }

        await _call.RequestStream.WriteAsync(request);
    }

    public Task SubscribeAsync(string typeUrl, params string[] names) =>
        SendAsync(new DeltaDiscoveryRequest { TypeUrl = typeUrl, ResourceNamesSubscribe = { names } });

    public Task AckAsync(DeltaDiscoveryResponse response) =>
        SendAsync(new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce });

    public Task NackAsync(DeltaDiscoveryResponse response, string error) =>
        SendAsync(new DeltaDiscoveryRequest
        {
            TypeUrl = response.TypeUrl,
            ResponseNonce = response.Nonce,
            ErrorDetail = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = error },
        });

    public async Task<DeltaDiscoveryResponse> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await _responses.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{NodeId}: no delta response within {Timeout}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{NodeId}: the stream ended: {Ended.Task.Result}");
        }
    }

    public async Task<DeltaDiscoveryResponse> ReceiveAndAckAsync()
    {
        var response = await ReceiveAsync();
        await AckAsync(response);
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
