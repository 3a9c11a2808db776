using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace Mesh.XdsServer.Server;

/// <summary>The gRPC AggregatedDiscoveryService: each call runs one stream object until the proxy goes away.</summary>
internal sealed class AdsService(StreamServices services) : Wire.AdsServiceBase
{
    public override Task StreamAggregatedResources(
        IAsyncStreamReader<DiscoveryRequest> requestStream,
        IServerStreamWriter<DiscoveryResponse> responseStream,
        ServerCallContext context) =>
        new SotwStream(services, responseStream, context).RunAsync(requestStream);

    public override Task DeltaAggregatedResources(
        IAsyncStreamReader<DeltaDiscoveryRequest> requestStream,
        IServerStreamWriter<DeltaDiscoveryResponse> responseStream,
        ServerCallContext context) =>
        new DeltaStream(services, responseStream, context).RunAsync(requestStream);
}
