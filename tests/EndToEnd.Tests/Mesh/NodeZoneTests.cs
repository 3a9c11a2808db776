using Envoy.Config.Endpoint.V3;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>
/// Locality from Nodes, end to end in local mode: EndpointSlice endpoints written without a zone (as some controllers
/// and older clusters write them) get the zone of their Node (the endpoint's nodeName, else its pod's spec.nodeName)
/// in the EDS the xDS server sends; an endpoint's own zone still wins.
/// </summary>
public sealed class NodeZoneTests(LocalMeshFixture mesh) : IClassFixture<LocalMeshFixture>
{
    private const string EndpointType = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
    private const string Cluster = "outbound|8080||web.zones.svc.cluster.local";

    [Fact]
    public async Task Endpoints_without_a_zone_are_placed_in_the_zone_of_their_node()
    {
        // A selector-less Service, so the endpoints are exactly the slice below; the pod is bound to local-node-b
        // (zone local-b), the second endpoint names local-node-c (zone local-c) itself, the third carries its own zone.
        var applied = await mesh.Kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: zones}
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: MeshPolicy
            metadata: {name: web, namespace: zones}
            spec:
              services:
                - name: web
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: zones}
            spec:
              ports: [{name: http, port: 8080, targetPort: 8080, appProtocol: http}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-0, namespace: zones, labels: {app: web}, annotations: {sidecar.mesh.dev/inject: "false"}}
            spec:
              nodeName: local-node-b
              containers: [{name: web, image: example.com/web:1}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: web-manual, namespace: zones, labels: {kubernetes.io/service-name: web}}
            addressType: IPv4
            ports: [{name: http, port: 8080, protocol: TCP}]
            endpoints:
              - addresses: [10.244.99.1]
                targetRef: {kind: Pod, name: web-0, namespace: zones}
              - addresses: [10.244.99.2]
                nodeName: local-node-c
              - addresses: [10.244.99.3]
                nodeName: local-node-c
                zone: zone-of-its-own
            """);
        applied.ExitCode.Should().Be(0, applied.ToString());
        (await mesh.Kubectl.RunAsync("wait", "--for=condition=Accepted", "meshpolicy/web", "-n", "zones", "--timeout=60s")).ExitCode.Should().Be(0);

        await using var client = new AdsTestClient($"http://{mesh.XdsAddress}", $"zones-client~{Guid.NewGuid():N}");
        await client.SubscribeAsync(EndpointType, Cluster);
        Dictionary<string, string> zones = [];
        await Eventually.True(async () =>
        {
            var response = await client.ReceiveAsync(EndpointType);
            await client.AckAsync(response, Cluster);
            zones = response.Resources.Select(r => r.Unpack<ClusterLoadAssignment>())
                .SelectMany(a => a.Endpoints)
                .SelectMany(l => l.LbEndpoints.Select(e => (e.Endpoint.Address.SocketAddress.Address, l.Locality?.Zone ?? "")))
                .ToDictionary(e => e.Address, e => e.Item2);
            return zones.Count == 3;
        }, "the EDS of web lists the three endpoints", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(10));

        zones.Should().Equal(new Dictionary<string, string>
        {
            ["10.244.99.1"] = "local-b",
            ["10.244.99.2"] = "local-c",
            ["10.244.99.3"] = "zone-of-its-own",
        });
    }
}
