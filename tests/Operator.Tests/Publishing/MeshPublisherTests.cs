using Envoy.Config.Endpoint.V3;
using Mesh.Operator.Publishing;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Publishing;

public sealed class MeshPublisherTests
{
    private static PublishedPolicy Policy(long generation, params string[] addresses) => new()
    {
        Namespace = "shop",
        Name = "shop",
        Generation = generation,
        Services =
        [
            new MeshService
            {
                Name = "reviews",
                Namespace = "shop",
                Ports = [new ServicePort { Port = 9080, Protocol = ServiceProtocol.Grpc }],
                Endpoints = addresses.Select(a => new ServiceEndpoint { Address = a, Zone = "a" }).ToList(),
            },
        ],
    };

    /// <summary>A server that builds the proxyless snapshot these tests read (built only for connected clients otherwise).</summary>
    private static MeshConfigServer ServerWithProxylessReader(SnapshotCache cache)
    {
        var server = new MeshConfigServer(cache, NullLogger<MeshConfigServer>.Instance);
        server.ServeProxyless(ProxyCapabilities.Full);
        return server;
    }

    private static IReadOnlyList<string> ProxylessAddresses(SnapshotCache cache)
    {
        cache.TryGetSnapshot(ProxyKeys.Proxyless, out var snapshot).Should().BeTrue();
        return snapshot.Get(TypeUrls.Endpoint).Ordered
            .Select(r => (ClusterLoadAssignment)r.Message)
            .SelectMany(c => c.Endpoints.SelectMany(l => l.LbEndpoints))
            .Select(e => e.Endpoint.Address.SocketAddress.Address)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void An_endpoint_change_without_a_new_generation_reaches_the_snapshot()
    {
        var cache = new SnapshotCache();
        var publisher = new MeshPublisher(ServerWithProxylessReader(cache));

        publisher.Publish(Policy(1, "10.0.0.1")).Should().BeEmpty();
        ProxylessAddresses(cache).Should().Equal("10.0.0.1");

        publisher.Publish(Policy(1, "10.0.0.1", "10.0.0.2")).Should().BeEmpty();
        ProxylessAddresses(cache).Should().Equal("10.0.0.1", "10.0.0.2");
    }

    [Fact]
    public void Removing_a_policy_removes_its_resources()
    {
        var cache = new SnapshotCache();
        var publisher = new MeshPublisher(ServerWithProxylessReader(cache));
        publisher.Publish(Policy(1, "10.0.0.1"));

        publisher.Remove("shop", "shop");

        ProxylessAddresses(cache).Should().BeEmpty();
        publisher.Get("shop", "shop").Should().BeNull();
    }

    public static TheoryData<string> Edits => ["endpoint zone", "service port", "second service", "service order", "workload", "mtls", "generation"];

    private static PublishedPolicy Edited(PublishedPolicy policy, string edit)
    {
        var reviews = policy.Services[0];
        var ratings = reviews with { Name = "ratings" };
        return edit switch
        {
            "endpoint zone" => policy with { Services = [reviews with { Endpoints = [reviews.Endpoints[0] with { Zone = "b" }] }] },
            "service port" => policy with { Services = [reviews with { Ports = [new ServicePort { Port = 9081, Protocol = ServiceProtocol.Grpc }] }] },
            "second service" => policy with { Services = [reviews, ratings] },
            "service order" => policy with { Services = [ratings, reviews] },
            "workload" => policy with { Workloads = [new Workload { Namespace = "shop", Name = "reviews-1", Ip = "10.0.0.1" }] },
            "mtls" => policy with { Mtls = MtlsMode.Strict },
            _ => policy with { Generation = 2 },
        };
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void Any_part_of_the_content_changed_alone_is_published_and_the_same_content_again_is_not(string edit)
    {
        var publisher = new MeshPublisher(new MeshConfigServer(new SnapshotCache(), NullLogger<MeshConfigServer>.Instance));
        var before = edit == "service order" ? Edited(Policy(1, "10.0.0.1"), "second service") : Policy(1, "10.0.0.1");
        publisher.Publish(before).Should().BeEmpty();
        var publishes = publisher.Publishes;

        publisher.Publish(Edited(Policy(1, "10.0.0.1"), edit)).Should().BeEmpty();
        publisher.Publishes.Should().Be(publishes + 1, $"the {edit} changed");

        publisher.Publish(Edited(Policy(1, "10.0.0.1"), edit)).Should().BeEmpty();
        publisher.Publishes.Should().Be(publishes + 1, "equal content in new instances is recognized as served");
    }

    [Fact]
    public void Republishing_unchanged_content_keeps_the_served_snapshot()
    {
        var cache = new SnapshotCache();
        var publisher = new MeshPublisher(ServerWithProxylessReader(cache));
        publisher.Publish(Policy(1, "10.0.0.1"));
        cache.TryGetSnapshot(ProxyKeys.Proxyless, out var first).Should().BeTrue();

        publisher.Publish(Policy(1, "10.0.0.1")).Should().BeEmpty();

        cache.TryGetSnapshot(ProxyKeys.Proxyless, out var second).Should().BeTrue();
        second.Should().BeSameAs(first, "nothing changed, so nothing is translated or pushed again");
    }
}
