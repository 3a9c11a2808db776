using k8s;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Local;

/// <summary>Foreground and orphan propagation and the events.k8s.io view of core events.</summary>
public sealed class CollectionTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task Foreground_deletion_removes_dependents_before_the_owner()
    {
        var ns = await fixture.NewNamespaceAsync("fg");
        var owner = await Create(ns, "owner");
        await Create(ns, "child", owner);
        await fixture.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, new V1DeleteOptions { PropagationPolicy = "Foreground" });
        await Eventually.True(
            async () => (await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Count == 0, "owner and child are gone");
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_drops_their_owner_reference()
    {
        var ns = await fixture.NewNamespaceAsync("orphan");
        var owner = await Create(ns, "owner");
        await Create(ns, "child", owner);
        await fixture.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, new V1DeleteOptions { PropagationPolicy = "Orphan" });
        var child = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("child", ns);
        child.Metadata.OwnerReferences.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task A_dependent_with_a_remaining_owner_only_loses_the_dangling_reference()
    {
        var ns = await fixture.NewNamespaceAsync("twoowners");
        var first = await Create(ns, "first");
        var second = await Create(ns, "second");
        var child = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "child", OwnerReferences = [Ref(first), Ref(second)] },
        };
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(child, ns);
        await fixture.Client.CoreV1.DeleteNamespacedConfigMapAsync("first", ns);
        await Eventually.True(
            async () => (await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("child", ns)).Metadata.OwnerReferences?.Count == 1,
            "the dangling reference is removed");
    }

    [Fact]
    public async Task Events_written_through_events_k8s_io_are_read_as_core_events()
    {
        var ns = await fixture.NewNamespaceAsync("evv1");
        await fixture.Client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "e1", NamespaceProperty = ns },
            EventTime = DateTime.UtcNow,
            ReportingController = "mesh.dev/operator",
            ReportingInstance = "mesh-operator-0",
            Action = "Reconcile",
            Reason = "Programmed",
            Note = "pushed",
            Type = "Normal",
            Regarding = new V1ObjectReference { Kind = "MeshPolicy", Name = "p", NamespaceProperty = ns, Uid = "u-1" },
        }, ns);
        var core = await fixture.Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=p,involvedObject.uid=u-1");
        core.Items.Should().ContainSingle();
        core.Items[0].Message.Should().Be("pushed");
        core.Items[0].Source.Component.Should().Be("mesh.dev/operator");
        var v1 = await fixture.Client.EventsV1.ReadNamespacedEventAsync("e1", ns);
        v1.Note.Should().Be("pushed");
        v1.Regarding.Name.Should().Be("p");
    }

    private async Task<V1ConfigMap> Create(string ns, string name, V1ConfigMap? owner = null) =>
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owner is null ? null : [Ref(owner)] },
        }, ns);

    private static V1OwnerReference Ref(V1ConfigMap owner) =>
        new() { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid };
}
