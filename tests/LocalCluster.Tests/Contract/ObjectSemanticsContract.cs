using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Contract;

/// <summary>Object semantics every Kubernetes API server has, checked through KubernetesClient and raw HTTP.</summary>
public abstract class ObjectSemanticsContract<TTarget>(TTarget target)
    where TTarget : IClusterTarget
{
    protected TTarget Target { get; } = target;

    [ContractFact]
    public async Task Created_objects_get_a_uid_a_creation_timestamp_and_a_resource_version()
    {
        var ns = await Target.NewNamespaceAsync("uid");
        var created = await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        Guid.TryParse(created.Metadata.Uid, out _).Should().BeTrue();
        created.Metadata.CreationTimestamp.Should().NotBeNull();
        created.Metadata.CreationTimestamp!.Value.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(2));
        created.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
    }

    [ContractFact]
    public async Task Resource_versions_increase_with_every_write()
    {
        var ns = await Target.NewNamespaceAsync("rv");
        var first = await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        first.Data["key"] = "changed";
        var second = await Target.Client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "a", ns);
        var third = await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), ns);
        long.Parse(second.Metadata.ResourceVersion).Should().BeGreaterThan(long.Parse(first.Metadata.ResourceVersion));
        long.Parse(third.Metadata.ResourceVersion).Should().BeGreaterThan(long.Parse(second.Metadata.ResourceVersion));
    }

    [ContractFact]
    public async Task An_update_with_a_stale_resource_version_is_a_409_conflict()
    {
        var ns = await Target.NewNamespaceAsync("stale");
        var created = await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        var fresh = await Target.Client.CoreV1.ReadNamespacedConfigMapAsync("a", ns);
        fresh.Data["key"] = "first";
        await Target.Client.CoreV1.ReplaceNamespacedConfigMapAsync(fresh, "a", ns);

        created.Data["key"] = "second";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Target.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", ns));
        error.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var status = Status(error);
        status["reason"]!.ToString().Should().Be("Conflict");
        status["message"]!.ToString().Should().Be(
            "Operation cannot be fulfilled on configmaps \"a\": the object has been modified; please apply your changes to the latest version and try again");
    }

    [ContractFact]
    public async Task Creating_an_existing_name_is_a_409_already_exists()
    {
        var ns = await Target.NewNamespaceAsync("exists");
        await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns));
        error.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Status(error)["reason"]!.ToString().Should().Be("AlreadyExists");
        Status(error)["message"]!.ToString().Should().Be("configmaps \"a\" already exists");
    }

    [ContractFact]
    public async Task A_missing_object_is_a_404_in_the_status_format()
    {
        var ns = await Target.NewNamespaceAsync("missing");
        var (code, body, _) = await Target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/nope");
        code.Should().Be(404);
        body!["kind"]!.ToString().Should().Be("Status");
        body["apiVersion"]!.ToString().Should().Be("v1");
        body["status"]!.ToString().Should().Be("Failure");
        body["reason"]!.ToString().Should().Be("NotFound");
        body["message"]!.ToString().Should().Be("configmaps \"nope\" not found");
        body["details"]!["name"]!.ToString().Should().Be("nope");
        body["details"]!["kind"]!.ToString().Should().Be("configmaps");
        ((int)body["code"]!).Should().Be(404);
    }

    [ContractFact]
    public async Task Creating_in_a_missing_namespace_is_a_404_naming_the_namespace()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ClusterTargetExtensions.Unique("absent")));
        error.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Status(error)["message"]!.ToString().Should().StartWith("namespaces \"absent-").And.EndWith("\" not found");
    }

    [ContractFact]
    public async Task Finalizers_keep_a_deleted_object_until_they_are_removed()
    {
        var ns = await Target.NewNamespaceAsync("fin");
        var cm = ConfigMap("held");
        cm.Metadata.Finalizers = ["contract.mesh.dev/hold"];
        await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, ns);
        await Target.Client.CoreV1.DeleteNamespacedConfigMapAsync("held", ns);

        var held = await Target.Client.CoreV1.ReadNamespacedConfigMapAsync("held", ns);
        held.Metadata.DeletionTimestamp.Should().NotBeNull();
        held.Metadata.Finalizers.Should().Equal("contract.mesh.dev/hold");

        held.Metadata.Finalizers = [];
        await Target.Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, "held", ns);
        var list = await Target.Client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=held");
        list.Items.Should().BeEmpty();
    }

    [ContractFact]
    public async Task Owner_references_cascade_deletion_in_the_background()
    {
        var ns = await Target.NewNamespaceAsync("gc");
        var owner = await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner"), ns);
        var child = ConfigMap("child");
        child.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid }];
        await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(child, ns);
        await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("bystander"), ns);

        await Target.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, new V1DeleteOptions { PropagationPolicy = "Background" });

        await Eventually.True(
            async () => (await Target.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.All(c => c.Metadata.Name != "child"),
            "the child is collected");
        (await Target.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Select(c => c.Metadata.Name).Should().Contain("bystander");
    }

    [ContractFact]
    public async Task Deleting_a_namespace_removes_its_content_and_then_the_namespace()
    {
        var ns = await Target.NewNamespaceAsync("nsdel");
        await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        await Target.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" }, StringData = new Dictionary<string, string> { ["k"] = "v" } }, ns);

        await Target.Client.CoreV1.DeleteNamespaceAsync(ns);

        await Eventually.True(
            async () => (await Target.Client.CoreV1.ListNamespaceAsync(fieldSelector: $"metadata.name={ns}")).Items.Count == 0,
            "the namespace is gone", TimeSpan.FromSeconds(90));
        (await Target.Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.namespace={ns}")).Items.Should().BeEmpty();
    }

    [ContractFact]
    public async Task Label_selectors_support_equality_and_set_based_terms()
    {
        var ns = await Target.NewNamespaceAsync("labels");
        await CreateLabelled(ns, "a", new() { ["app"] = "web", ["tier"] = "front" });
        await CreateLabelled(ns, "b", new() { ["app"] = "web", ["tier"] = "back" });
        await CreateLabelled(ns, "c", new() { ["app"] = "db" });

        async Task<string[]> Names(string selector) =>
            (await Target.Client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: selector)).Items.Select(i => i.Metadata.Name).Where(n => n.Length == 1).Order().ToArray();

        (await Names("app=web")).Should().Equal("a", "b");
        (await Names("app==web,tier=front")).Should().Equal("a");
        (await Names("app!=web")).Should().Equal("c");
        (await Names("tier in (front,back)")).Should().Equal("a", "b");
        (await Names("app notin (web)")).Should().Equal("c");
        (await Names("tier")).Should().Equal("a", "b");
        (await Names("!tier")).Should().Equal("c");
    }

    [ContractFact]
    public async Task Field_selectors_match_names_namespaces_and_involved_objects()
    {
        var ns = await Target.NewNamespaceAsync("fields");
        var target = await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("target"), ns);
        await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other"), ns);
        await Target.Client.CoreV1.CreateNamespacedEventAsync(Event("e1", ns, target), ns);
        await Target.Client.CoreV1.CreateNamespacedEventAsync(Event("e2", ns, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "other", NamespaceProperty = ns, Uid = Guid.NewGuid().ToString() } }), ns);

        (await Target.Client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=target")).Items.Should().ContainSingle();
        (await Target.Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.namespace={ns},metadata.name!=target")).Items
            .Select(c => c.Metadata.Name).Should().Contain("other").And.NotContain("target");
        var events = await Target.Client.CoreV1.ListNamespacedEventAsync(ns,
            fieldSelector: $"involvedObject.uid={target.Metadata.Uid},involvedObject.name=target,involvedObject.namespace={ns},involvedObject.kind=ConfigMap");
        events.Items.Select(e => e.Metadata.Name).Should().Equal("e1");
    }

    [ContractFact]
    public async Task A_list_carries_the_resource_version_it_was_read_at()
    {
        var ns = await Target.NewNamespaceAsync("listrv");
        var created = await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        var list = await Target.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        long.Parse(list.Metadata.ResourceVersion).Should().BeGreaterThanOrEqualTo(long.Parse(created.Metadata.ResourceVersion));
    }

    [ContractFact]
    public async Task An_unknown_field_selector_is_a_400()
    {
        var ns = await Target.NewNamespaceAsync("badfield");
        var (code, body, _) = await Target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?fieldSelector=spec.nope%3Dx");
        code.Should().Be(400);
        body!["message"]!.ToString().Should().Contain("field label not supported: spec.nope");
    }

    private async Task CreateLabelled(string ns, string name, Dictionary<string, string> labels)
    {
        var cm = ConfigMap(name);
        cm.Metadata.Labels = labels;
        await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, ns);
    }

    private static V1ConfigMap ConfigMap(string name) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["key"] = "value" } };

    private static Corev1Event Event(string name, string ns, V1ConfigMap about) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        InvolvedObject = new V1ObjectReference { ApiVersion = "v1", Kind = "ConfigMap", Name = about.Metadata.Name, NamespaceProperty = ns, Uid = about.Metadata.Uid },
        Reason = "Tested",
        Message = "a contract test event",
        Type = "Normal",
        Source = new V1EventSource { Component = "contract-test" },
        FirstTimestamp = DateTime.UtcNow,
        LastTimestamp = DateTime.UtcNow,
        Count = 1,
    };

    private static System.Text.Json.Nodes.JsonNode Status(HttpOperationException error) =>
        System.Text.Json.Nodes.JsonNode.Parse(error.Response.Content)!;
}
