using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Grpc.Net.Client;

namespace Mesh.Testing;

/// <summary>
/// A minimal state-of-the-world ADS client speaking to the operator's xDS port the way a proxy does: it subscribes,
/// and ACKs or NACKs what it receives, so a test decides exactly what the server hears. Plaintext by default; a
/// sidecar's mTLS connection passes its client certificate through <see cref="GrpcChannelOptions.HttpHandler"/>.
/// </summary>
public sealed class AdsTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> _call;
    private readonly Channel<DiscoveryResponse> _responses = Channel.CreateUnbounded<DiscoveryResponse>();
    private readonly Task _reader;
    private readonly string _nodeId;
    private bool _nodeSent;

    public AdsTestClient(string address, string nodeId, GrpcChannelOptions? options = null)
    {
        _nodeId = nodeId;
        _channel = GrpcChannel.ForAddress(address, options ?? new GrpcChannelOptions());
        _call = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(_channel).StreamAggregatedResources();
        _reader = ReadAsync();
    }

    /// <summary>The call's final status once the server ended it.</summary>
    public TaskCompletionSource<Status> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task SubscribeAsync(string typeUrl, params string[] names) =>
        SendAsync(new DiscoveryRequest { TypeUrl = typeUrl, ResourceNames = { names } });

    public Task AckAsync(DiscoveryResponse response, params string[] names) =>
        SendAsync(new DiscoveryRequest { TypeUrl = response.TypeUrl, VersionInfo = response.VersionInfo, ResponseNonce = response.Nonce, ResourceNames = { names } });

    public Task NackAsync(DiscoveryResponse response, string error, params string[] names) =>
        SendAsync(new DiscoveryRequest
        {
            TypeUrl = response.TypeUrl,
            ResponseNonce = response.Nonce,
            ResourceNames = { names },
            ErrorDetail = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = error },
        });

    public async Task<DiscoveryResponse> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _responses.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The next response of <paramref name="typeUrl"/>, skipping responses of other types.</summary>
    public async Task<DiscoveryResponse> ReceiveAsync(string typeUrl)
    {
        while (true)
        {
            var response = await ReceiveAsync();
            if (response.TypeUrl == typeUrl)
            {
                return response;
            }
        }
    }

    public async Task<Status> WaitForEndAsync() => await Ended.Task.WaitAsync(Timeout);

    /// <summary>Responses received and not read yet.</summary>
    public IReadOnlyList<DiscoveryResponse> Pending()
    {
        var pending = new List<DiscoveryResponse>();
        while (_responses.Reader.TryRead(out var response))
        {
            pending.Add(response);
        }

        return pending;
    }

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Disposing cancels the call.
        }

        _channel.Dispose();
    }

    private async Task SendAsync(DiscoveryRequest request)
    {
        if (!_nodeSent)
        {
            request.Node = new Node { Id = _nodeId, Locality = new Locality() };
            _nodeSent = true;
        }

        await _call.RequestStream.WriteAsync(request);
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
