using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace Mesh.XdsServer.Tests.Support;

/// <summary>A state-of-the-world ADS client playing Envoy: sends requests, collects responses in order.</summary>
internal sealed class FakeEnvoy(AggregatedDiscoveryService.AggregatedDiscoveryServiceClient client, string nodeId)
    : FakeAdsStream<DiscoveryRequest, DiscoveryResponse>(client.StreamAggregatedResources(), nodeId, "response")
{
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

    /// <summary>Receives and ACKs one response, keeping the subscription to <paramref name="names"/>.</summary>
    public async Task<DiscoveryResponse> ReceiveAndAckAsync(params string[] names)
    {
        var response = await ReceiveAsync();
        await AckAsync(response, names);
        return response;
    }

    protected override void SetNodeIfAbsent(DiscoveryRequest request, Node node) => request.Node ??= node;
}
