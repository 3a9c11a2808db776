using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace Mesh.Xds.LoadHarness;

/// <summary>A state-of-the-world ADS stream (StreamAggregatedResources).</summary>
internal sealed class SotwProxy(Uri server, int index) : SimulatedProxy(server, index)
{
    private AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse>? _call;
    private Task? _reader;
    private readonly string[][] _names = new string[4][];

    public override async Task StartAsync(string nodeId, string cluster, IReadOnlyList<string> edsNames)
    {
        _names[Cds] = [];
        _names[Eds] = [.. edsNames];
        _names[Lds] = [];
        _names[Rds] = [World.RouteName];
        var client = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(Channel);
        _call = client.StreamAggregatedResources(cancellationToken: Stop.Token);
        for (var type = 0; type < Types.Length; type++)
        {
            var request = new DiscoveryRequest { TypeUrl = Types[type], ResourceNames = { _names[type] } };
            if (type == 0)
            {
                request.Node = new Node { Id = nodeId, Cluster = cluster };
            }

            await _call.RequestStream.WriteAsync(request);
        }

        _reader = ReadAsync(_call);
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> call)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(Stop.Token))
            {
                var response = call.ResponseStream.Current;
                var type = TypeIndex(response.TypeUrl);
                Received(type, response.CalculateSize());
                await call.RequestStream.WriteAsync(new DiscoveryRequest
                {
                    TypeUrl = response.TypeUrl,
                    VersionInfo = response.VersionInfo,
                    ResponseNonce = response.Nonce,
                    ResourceNames = { _names[type] },
                });
                Acked(type);
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // The stream ends when the proxy is disposed (or the server goes away): nothing to do.
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _call?.Dispose();
        await base.DisposeAsync();
        if (_reader is not null)
        {
            await _reader;
        }
    }
}
