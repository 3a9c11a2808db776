using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace Mesh.XdsServer.Tests.Support;

/// <summary>A delta (incremental) ADS client playing Envoy.</summary>
internal sealed class FakeDeltaEnvoy(AggregatedDiscoveryService.AggregatedDiscoveryServiceClient client, string nodeId)
    : FakeAdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(client.DeltaAggregatedResources(), nodeId, "delta response")
{
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

    public async Task<DeltaDiscoveryResponse> ReceiveAndAckAsync()
    {
        var response = await ReceiveAsync();
        await AckAsync(response);
        return response;
    }

    protected override void SetNodeIfAbsent(DeltaDiscoveryRequest request, Node node) => request.Node ??= node;
}
