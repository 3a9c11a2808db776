using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace Mesh.Xds.LoadHarness;

/// <summary>An incremental ADS stream (DeltaAggregatedResources).</summary>
internal sealed class DeltaProxy(Uri server, int index) : SimulatedProxy(server, index)
{
    private AsyncDuplexStreamingCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>? _call;
    private Task? _reader;

    public override async Task StartAsync(string nodeId, string cluster, IReadOnlyList<string> edsNames)
    {
        var client = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(Channel);
        _call = client.DeltaAggregatedResources(cancellationToken: Stop.Token);
        string[][] names = [["*"], [.. edsNames], ["*"], [World.RouteName]];
        for (var type = 0; type < Types.Length; type++)
        {
            var request = new DeltaDiscoveryRequest { TypeUrl = Types[type], ResourceNamesSubscribe = { names[type] } };
            if (type == 0)
            {
                request.Node = new Node { Id = nodeId, Cluster = cluster };
            }

            await _call.RequestStream.WriteAsync(request);
        }

        _reader = ReadAsync(_call);
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse> call)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(Stop.Token))
            {
                var response = call.ResponseStream.Current;
                var type = TypeIndex(response.TypeUrl);
                Received(type, response.CalculateSize());
                await call.RequestStream.WriteAsync(new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce });
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
