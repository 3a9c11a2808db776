using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace Mesh.XdsServer.Server.Wire;

/// <summary>
/// The base of the ADS service, in place of the generated one: Grpc.AspNetCore binds a service through the
/// <see cref="BindServiceMethodAttribute"/> on its base class, and this one names <see cref="AdsServiceBinding"/>.
/// </summary>
[BindServiceMethod(typeof(AdsServiceBinding), nameof(AdsServiceBinding.BindService))]
internal abstract class AdsServiceBase
{
    public abstract Task StreamAggregatedResources(
        IAsyncStreamReader<DiscoveryRequest> requestStream, IServerStreamWriter<DiscoveryResponse> responseStream, ServerCallContext context);

    public abstract Task DeltaAggregatedResources(
        IAsyncStreamReader<DeltaDiscoveryRequest> requestStream, IServerStreamWriter<DeltaDiscoveryResponse> responseStream, ServerCallContext context);
}
