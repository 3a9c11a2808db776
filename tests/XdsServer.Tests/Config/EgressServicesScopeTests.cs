using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;
using static Mesh.XdsServer.Tests.Config.ConfigModels;

namespace Mesh.XdsServer.Tests.Config;

/// <summary>
/// spec.egress.services: the sidecars of a namespace that lists services are configured for those alone (clusters,
/// endpoints, virtual hosts), what they serve stays; a namespace without the list still sees the whole mesh.
/// </summary>
public sealed class EgressServicesScopeTests
{
    private readonly SnapshotCache _cache = new();

    [Fact]
    public async Task A_namespace_listing_services_gets_only_those_and_a_namespace_without_the_list_gets_all()
    {
        var shopPod = Pod("reviews-1", "reviews");
        var billingPod = Pod("invoices-1", "invoices", ns: "billing", policy: "billing");
        var server = await ServerWithSidecarsOfAsync(shopPod, billingPod);
        server.ServeProxyless(ProxyCapabilities.Full);

        var model = Model([shopPod, billingPod], billingServices: ["billing/*", "shop/ratings"]);
        server.Publish(model).Should().BeEmpty();

        OutboundServices(NodeId(billingPod)).Should().BeEquivalentTo(["invoices.billing", "ratings.shop"], "billing lists its own namespace and shop/ratings");
        VirtualHosts(NodeId(billingPod)).Should().NotContain(v => v.StartsWith("reviews.shop", StringComparison.Ordinal))
            .And.Contain(v => v.StartsWith("ratings.shop", StringComparison.Ordinal));
        OutboundServices(NodeId(shopPod)).Should().BeEquivalentTo(["invoices.billing", "ratings.shop", "reviews.shop"], "shop lists nothing: every service");
        _cache.TryGetSnapshot(MeshConfigServer.ProxylessKey, out var proxyless).Should().BeTrue();
        proxyless.Get(TypeUrls.Listener).Find("reviews.shop.svc.cluster.local:9080").Should()
            .NotBeNull("proxyless clients are not scoped by the list (the planner says so): gRPC asks for what it dials");
    }

    [Fact]
    public async Task Changing_the_list_changes_the_scope_on_the_next_publish()
    {
        var billingPod = Pod("invoices-1", "invoices", ns: "billing", policy: "billing");
        var server = new MeshConfigServer(_cache, NullLogger<MeshConfigServer>.Instance);
        await server.ResolveAsync(new Node { Id = NodeId(billingPod) }, null!);
        server.Publish(Model([billingPod], billingServices: ["billing/invoices"])).Should().BeEmpty();
        OutboundServices(NodeId(billingPod)).Should().BeEquivalentTo(["invoices.billing"]);

        server.Publish(Model([billingPod], billingServices: null)).Should().BeEmpty();

        OutboundServices(NodeId(billingPod)).Should().BeEquivalentTo(["invoices.billing", "ratings.shop", "reviews.shop"]);
    }

    [Fact]
    public async Task An_endpoint_change_to_a_service_a_scope_does_not_see_keeps_that_scopes_snapshot_as_it_was()
    {
        var shopPod = Pod("reviews-1", "reviews");
        var billingPod = Pod("invoices-1", "invoices", ns: "billing", policy: "billing");
        var server = await ServerWithSidecarsOfAsync(shopPod, billingPod);

        var model = Model([shopPod, billingPod], billingServices: ["billing/*"]);
        server.Publish(model).Should().BeEmpty();
        var billingBefore = SnapshotOf(NodeId(billingPod));
        var shopBefore = SnapshotOf(NodeId(shopPod));

        var moved = model with
        {
            Services = model.Services.Select(s => s.Name == "reviews" ? s with { Endpoints = [new ServiceEndpoint { Address = "10.0.9.9", Zone = "a", Meshed = true }] } : s).ToArray(),
        };
        server.Publish(moved).Should().BeEmpty();

        SnapshotOf(NodeId(billingPod)).Should().BeSameAs(billingBefore, "billing sees invoices alone: nothing of its config moved");
        server.LastPublishTimings.Fresh.Should().Be(1, "only the shop sidecar's snapshot is new (and checked): billing's is kept untouched (and no proxyless client is connected)");
        SnapshotOf(NodeId(shopPod)).Should().NotBeSameAs(shopBefore);
        SnapshotOf(NodeId(shopPod)).Get(TypeUrls.Endpoint).Version.Should().NotBe(shopBefore.Get(TypeUrls.Endpoint).Version);
        SnapshotOf(NodeId(shopPod)).Get(TypeUrls.Cluster).Should().BeSameAs(shopBefore.Get(TypeUrls.Cluster), "an endpoint change leaves the clusters");
    }

    [Fact]
    public void A_namespaces_dependency_list_is_the_same_instance_across_models_while_its_content_is()
    {
        var pod = Pod("invoices-1", "invoices", ns: "billing", policy: "billing");
        var first = new WorkloadIndex(Model([pod], billingServices: ["billing/*", "shop/ratings"]));
        var same = new WorkloadIndex(Model([pod], billingServices: ["billing/*", "shop/ratings"]), first);
        var other = new WorkloadIndex(Model([pod], billingServices: ["billing/*"]), same);

        var dependencies = first.ScopeOf(pod).Dependencies;
        dependencies.Should().NotBeNull();
        same.ScopeOf(pod).Dependencies.Should().BeSameAs(dependencies, "equal scopes then compare by reference");
        same.ScopeOf(pod).Should().Be(first.ScopeOf(pod));
        other.ScopeOf(pod).Dependencies.Should().NotBeSameAs(dependencies).And.ContainSingle();
        other.ScopeOf(pod).Should().NotBe(first.ScopeOf(pod));
    }

    /// <summary>A server with a connected sidecar for each of <paramref name="pods"/>.</summary>
    private async Task<MeshConfigServer> ServerWithSidecarsOfAsync(params Workload[] pods)
    {
        var server = new MeshConfigServer(_cache, NullLogger<MeshConfigServer>.Instance);
        foreach (var pod in pods)
        {
            await server.ResolveAsync(new Node { Id = NodeId(pod) }, null!);
        }

        return server;
    }

    private static MeshModel Model(IReadOnlyList<Workload> workloads, IReadOnlyList<string>? billingServices) => new()
    {
        Services = [Service("reviews", "reviews"), Service("ratings", "ratings", 8080), Service("invoices", "billing", 7070, ns: "billing")],
        Workloads = workloads,
        Policies =
        [
            new MeshPolicyRef { Namespace = "shop", Name = "reviews", Generation = 1 },
            new MeshPolicyRef { Namespace = "shop", Name = "ratings", Generation = 1 },
            new MeshPolicyRef { Namespace = "billing", Name = "billing", Generation = 1 },
        ],
        EgressByNamespace = new Dictionary<string, EgressPolicy> { ["billing"] = new() { Services = billingServices } },
    };

    private Snapshot SnapshotOf(string nodeId) =>
        _cache.TryGetSnapshot(MeshConfigServer.SidecarKey(nodeId), out var snapshot) ? snapshot : throw new InvalidOperationException($"no snapshot for {nodeId}");

    /// <summary>"name.namespace" of each service with an outbound cluster.</summary>
    private IEnumerable<string> OutboundServices(string nodeId) =>
        SnapshotOf(nodeId).Get(TypeUrls.Cluster).Ordered.Select(r => ((Cluster)r.Message).Name)
            .Where(n => n.StartsWith("outbound|", StringComparison.Ordinal))
            .Select(n => string.Join('.', n.Split('|')[3].Split('.').Take(2)))
            .Distinct();

    private IEnumerable<string> VirtualHosts(string nodeId) =>
        SnapshotOf(nodeId).Get(TypeUrls.Route).Ordered.SelectMany(r => ((RouteConfiguration)r.Message).VirtualHosts).Select(v => v.Name);
}
