using System.Text.Json.Nodes;
using k8s;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Admission;

/// <summary>The embedded API calls admission webhooks as kube-apiserver does; driven with kubectl and raw HTTP.</summary>
public sealed class WebhookCallTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task A_mutating_webhook_adds_a_label_that_kubectl_get_shows()
    {
        var (ns, hooks) = await SetupAsync("mutate");
        var service = ClusterTargetExtensions.Unique("labeler");
        await using var server = await hooks.ServeAsync(service);
        server.On("/mutate", request => TestWebhookServer.Patch(TestWebhookServer.AddLabel(request, "mesh.dev/injected", "true")));
        await hooks.RegisterAsync(true, ClusterTargetExtensions.Unique("labeler"), hooks.Hook("labeler.mesh.dev", service, server.CaBundle, "/mutate"));

        var created = await fixture.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "create");
        created.ExitCode.Should().Be(0, created.ToString());
        var label = await fixture.Kubectl.MustAsync("get", "configmap", "demo", "-n", ns, "-o", "jsonpath={.metadata.labels.mesh\\.dev/injected}");
        label.Should().Be("true");

        var review = server.ReceivedOn("/mutate").Single();
        review["apiVersion"]!.GetValue<string>().Should().Be("admission.k8s.io/v1");
        var request = review["request"]!;
        request["operation"]!.GetValue<string>().Should().Be("CREATE");
        request["namespace"]!.GetValue<string>().Should().Be(ns);
        request["name"]!.GetValue<string>().Should().Be("demo");
        request["resource"]!.ToJsonString().Should().Be("""{"group":"","version":"v1","resource":"configmaps"}""");
        request["kind"]!.ToJsonString().Should().Be("""{"group":"","version":"v1","kind":"ConfigMap"}""");
        request["userInfo"]!["username"]!.GetValue<string>().Should().Be("system:admin");
        request["dryRun"]!.GetValue<bool>().Should().BeFalse();
        request["uid"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Calls_to_one_webhook_reuse_its_connection_as_the_api_servers_client_cache_does()
    {
        var (ns, hooks) = await SetupAsync("reuse");
        var service = ClusterTargetExtensions.Unique("reuse");
        await using var server = await hooks.ServeAsync(service);
        server.On("/validate", _ => TestWebhookServer.Allow());
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("reuse"), hooks.Hook("reuse.mesh.dev", service, server.CaBundle, "/validate"));

        for (var i = 0; i < 3; i++)
        {
            var (status, _, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", $$$"""{"metadata":{"name":"c{{{i}}}"}}""");
            status.Should().Be(201, text);
        }

        server.Connections.Where(c => c.Path == "/validate").Select(c => c.ConnectionId).Distinct().Should().ContainSingle(
            "one TLS connection serves every call (a handshake per call made each pod create several ms slower)");
    }

    [Fact]
    public async Task A_denial_prints_the_real_message_and_stores_nothing()
    {
        var (ns, hooks) = await SetupAsync("deny");
        var service = ClusterTargetExtensions.Unique("deny");
        await using var server = await hooks.ServeAsync(service);
        server.On("/validate", _ => TestWebhookServer.Deny("configmaps are not welcome here"));
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("deny"), hooks.Hook("deny.mesh.dev", service, server.CaBundle, "/validate"));

        var created = await fixture.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "create");
        created.ExitCode.Should().NotBe(0);
        created.StdErr.Should().Contain("admission webhook \"deny.mesh.dev\" denied the request: configmaps are not welcome here");
        (await fixture.Kubectl.RunAsync("get", "configmap", "demo", "-n", ns)).StdErr.Should().Contain("not found");

        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"raw"}}""");
        status.Should().Be(403);
        body!["message"]!.GetValue<string>().Should().Be("admission webhook \"deny.mesh.dev\" denied the request: configmaps are not welcome here");
    }

    [Fact]
    public async Task Warnings_reach_kubectl_as_Warning_lines()
    {
        var (ns, hooks) = await SetupAsync("warn");
        var service = ClusterTargetExtensions.Unique("warn");
        await using var server = await hooks.ServeAsync(service);
        server.On("/validate", _ => new JsonObject { ["allowed"] = true, ["warnings"] = new JsonArray("key1 is deprecated, use key2") });
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("warn"), hooks.Hook("warn.mesh.dev", service, server.CaBundle, "/validate"));

        var created = await fixture.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "create");
        created.ExitCode.Should().Be(0, created.ToString());
        created.StdErr.Should().Contain("Warning: key1 is deprecated, use key2");
    }

    [Fact]
    public async Task A_url_webhook_is_called_at_its_url()
    {
        var (ns, hooks) = await SetupAsync("url");
        await using var server = await TestWebhookServer.StartAsync("127.0.0.1");
        server.On("/check", _ => TestWebhookServer.Deny("by url"));
        var hook = hooks.Hook("url.mesh.dev", "unused", server.CaBundle, "/check");
        hook["clientConfig"] = new JsonObject { ["url"] = new Uri(server.Address, "/check").ToString(), ["caBundle"] = server.CaBundle };
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("url"), hook);

        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"demo"}}""");
        status.Should().Be(403);
        body!["message"]!.GetValue<string>().Should().Be("admission webhook \"url.mesh.dev\" denied the request: by url");
    }

    [Fact]
    public async Task Selectors_that_exclude_the_request_skip_the_webhook()
    {
        var (ns, hooks) = await SetupAsync("select");
        var service = ClusterTargetExtensions.Unique("select");
        await using var server = await hooks.ServeAsync(service);
        server.On("/validate", _ => TestWebhookServer.Deny("should not be called"));
        var byNamespace = hooks.Hook("ns.mesh.dev", service, server.CaBundle, "/validate");
        byNamespace["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns, ["mesh.dev/inject"] = "enabled" } };
        var byObject = hooks.Hook("object.mesh.dev", service, server.CaBundle, "/validate");
        byObject["objectSelector"] = new JsonObject
        {
            ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "mesh.dev/skip", ["operator"] = "DoesNotExist" }),
        };
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("select"), byNamespace, byObject);

        var skipped = await fixture.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "skipped", labels: "{mesh.dev/skip: \"yes\"}"), "create");
        skipped.ExitCode.Should().Be(0, skipped.ToString());
        server.Received.Should().BeEmpty();

        var matched = await fixture.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "matched"), "create");
        matched.StdErr.Should().Contain("admission webhook \"object.mesh.dev\" denied the request: should not be called");
    }

    [Fact]
    public async Task A_dry_run_calls_webhooks_without_side_effects_and_stores_nothing()
    {
        var (ns, hooks) = await SetupAsync("dry");
        var service = ClusterTargetExtensions.Unique("dry");
        await using var server = await hooks.ServeAsync(service);
        server.On("/mutate", request => TestWebhookServer.Patch(TestWebhookServer.AddLabel(request, "dry", "seen")));
        await hooks.RegisterAsync(true, ClusterTargetExtensions.Unique("dry"), hooks.Hook("dry.mesh.dev", service, server.CaBundle, "/mutate"));

        var created = await fixture.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "create", "--dry-run=server", "-o", "jsonpath={.metadata.labels.dry}");
        created.ExitCode.Should().Be(0, created.ToString());
        created.StdOut.Should().Be("seen");
        server.ReceivedOn("/mutate").Single()["request"]!["dryRun"]!.GetValue<bool>().Should().BeTrue();
        (await fixture.Kubectl.RunAsync("get", "configmap", "demo", "-n", ns)).StdErr.Should().Contain("not found");
    }

    [Fact]
    public async Task A_v1_configuration_cannot_declare_side_effects_Some()
    {
        var (_, hooks) = await SetupAsync("some");
        using var ca = new TestCertificateAuthority();
        var hook = hooks.Hook("some.mesh.dev", "svc", ca.CaBundle, "/x");
        hook["sideEffects"] = "Some";
        var (status, text) = await hooks.TryRegisterAsync(true, "some-effects", hook);
        status.Should().Be(422);
        text.Should().Contain("MutatingWebhookConfiguration.admissionregistration.k8s.io \\u0022some-effects\\u0022 is invalid: webhooks[0].sideEffects: Unsupported value: \\u0022Some\\u0022: supported values: \\u0022None\\u0022, \\u0022NoneOnDryRun\\u0022");
    }

    [Fact]
    public async Task An_IfNeeded_webhook_is_reinvoked_once_after_a_later_webhook_changed_the_object()
    {
        var (ns, hooks) = await SetupAsync("reinvoke");
        var service = ClusterTargetExtensions.Unique("reinvoke");
        await using var server = await hooks.ServeAsync(service);
        server.On("/first", _ => TestWebhookServer.Allow());
        server.On("/second", request => TestWebhookServer.Patch(TestWebhookServer.AddLabel(request, "second", "done")));
        var first = hooks.Hook("a-first.mesh.dev", service, server.CaBundle, "/first");
        first["reinvocationPolicy"] = "IfNeeded";
        var second = hooks.Hook("b-second.mesh.dev", service, server.CaBundle, "/second");
        await hooks.RegisterAsync(true, ClusterTargetExtensions.Unique("reinvoke"), first, second);

        var (status, _, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"demo"}}""");
        status.Should().Be(201, text);
        var calls = server.ReceivedOn("/first").ToList();
        calls.Should().HaveCount(2);
        calls[0]["request"]!["object"]!["metadata"]!["labels"].Should().BeNull();
        calls[1]["request"]!["object"]!["metadata"]!["labels"]!["second"]!.GetValue<string>().Should().Be("done");
        server.ReceivedOn("/second").Should().HaveCount(1);
    }

    [Fact]
    public async Task Update_patch_apply_and_delete_reach_the_webhook_with_the_old_object()
    {
        var (ns, hooks) = await SetupAsync("ops");
        var service = ClusterTargetExtensions.Unique("ops");
        await using var server = await hooks.ServeAsync(service);
        server.On("/mutate", request => request["operation"]!.GetValue<string>() == "DELETE"
            ? TestWebhookServer.Allow()
            : TestWebhookServer.Patch(TestWebhookServer.AddLabel(request, "op", request["operation"]!.GetValue<string>().ToLowerInvariant())));
        await hooks.RegisterAsync(true, ClusterTargetExtensions.Unique("ops"),
            hooks.Hook("ops.mesh.dev", service, server.CaBundle, "/mutate", operations: ["CREATE", "UPDATE", "DELETE"]));

        (await fixture.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "apply", "--server-side")).ExitCode.Should().Be(0);
        (await fixture.Kubectl.MustAsync("get", "configmap", "demo", "-n", ns, "-o", "jsonpath={.metadata.labels.op}")).Should().Be("create");

        await fixture.Kubectl.MustAsync("label", "configmap", "demo", "-n", ns, "team=blue");
        (await fixture.Kubectl.MustAsync("get", "configmap", "demo", "-n", ns, "-o", "jsonpath={.metadata.labels.op}")).Should().Be("update");

        await fixture.Kubectl.MustAsync("delete", "configmap", "demo", "-n", ns, "--wait=false");
        var operations = server.ReceivedOn("/mutate").Select(r => r["request"]!["operation"]!.GetValue<string>()).ToList();
        operations.Should().Equal("CREATE", "UPDATE", "DELETE");
        var delete = server.ReceivedOn("/mutate").Last()["request"]!;
        delete["object"].Should().BeNull();
        delete["oldObject"]!["metadata"]!["labels"]!["team"]!.GetValue<string>().Should().Be("blue");
        delete["options"]!["kind"]!.GetValue<string>().Should().Be("DeleteOptions");
    }

    [Fact]
    public async Task A_webhook_on_pods_eviction_sees_the_Eviction_and_can_refuse_it()
    {
        var (ns, hooks) = await SetupAsync("evict");
        var service = ClusterTargetExtensions.Unique("evict");
        await using var server = await hooks.ServeAsync(service);
        server.On("/evict", _ => TestWebhookServer.Deny("not during business hours", 429));
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("evict"),
            hooks.Hook("evict.mesh.dev", service, server.CaBundle, "/evict", resources: ["pods/eviction"], operations: ["CREATE"]));
        var (created, _, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            """{"metadata":{"name":"web-1"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}""");
        created.Should().Be(201, text);

        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/web-1/eviction",
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-1"}}""");
        status.Should().Be(429);
        body!["message"]!.GetValue<string>().Should().Be("admission webhook \"evict.mesh.dev\" denied the request: not during business hours");
        var request = server.ReceivedOn("/evict").Single()["request"]!;
        request["subResource"]!.GetValue<string>().Should().Be("eviction");
        request["kind"]!.ToJsonString().Should().Be("""{"group":"policy","version":"v1","kind":"Eviction"}""");
        request["resource"]!["resource"]!.GetValue<string>().Should().Be("pods");
        (await fixture.Client.CoreV1.ReadNamespacedPodAsync("web-1", ns)).Should().NotBeNull();
    }

    [Fact]
    public async Task Deleting_a_collection_admits_each_item_and_stops_at_a_refusal()
    {
        var (ns, hooks) = await SetupAsync("collection");
        var service = ClusterTargetExtensions.Unique("collection");
        await using var server = await hooks.ServeAsync(service);
        server.On("/delete", request => request["oldObject"]!["metadata"]!["name"]!.GetValue<string>() == "keep"
            ? TestWebhookServer.Deny("keep stays")
            : TestWebhookServer.Allow());
        foreach (var name in new[] { "a-first", "keep" })
        {
            var (created, _, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", $"{{\"metadata\":{{\"name\":\"{name}\"}}}}");
            created.Should().Be(201, text);
        }

        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("collection"),
            hooks.Hook("collection.mesh.dev", service, server.CaBundle, "/delete", operations: ["DELETE"]));
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps");
        status.Should().Be(403);
        body!["message"]!.GetValue<string>().Should().Be("admission webhook \"collection.mesh.dev\" denied the request: keep stays");
        var left = await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        left.Items.Select(c => c.Metadata.Name).Should().Equal("keep");
        server.ReceivedOn("/delete").Should().HaveCount(2);
    }

    [Fact]
    public async Task Mutations_go_through_schema_pruning_and_validation_before_validating_webhooks_see_them()
    {
        await WidgetCrd.EnsureAsync(fixture);
        var (ns, hooks) = await SetupAsync("order");
        var service = ClusterTargetExtensions.Unique("order");
        await using var server = await hooks.ServeAsync(service);
        server.On("/mutate", request => request["object"]!["metadata"]!["name"]!.GetValue<string>() == "bad"
            ? TestWebhookServer.Patch(new JsonObject { ["op"] = "replace", ["path"] = "/spec/size", ["value"] = "big" })
            : TestWebhookServer.Patch(new JsonObject { ["op"] = "add", ["path"] = "/spec/shade", ["value"] = "dark" }));
        server.On("/validate", _ => TestWebhookServer.Allow());
        JsonObject WidgetHook(string name, string path)
        {
            var hook = hooks.Hook(name, service, server.CaBundle, path, resources: ["widgets"]);
            hook["rules"]![0]!["apiGroups"] = new JsonArray(Manifests.WidgetGroup);
            return hook;
        }

        await hooks.RegisterAsync(true, ClusterTargetExtensions.Unique("order"), WidgetHook("m.mesh.dev", "/mutate"));
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("order"), WidgetHook("v.mesh.dev", "/validate"));
        var path = $"/apis/{Manifests.WidgetGroup}/v1/namespaces/{ns}/widgets";

        var (status, body, text) = await fixture.SendAsync(HttpMethod.Post, path, """{"apiVersion":"contract.mesh.dev/v1","kind":"Widget","metadata":{"name":"good"},"spec":{"size":1}}""");
        status.Should().Be(201, text);
        body!["spec"]!["shade"].Should().BeNull("the schema prunes what the webhook added");
        server.ReceivedOn("/validate").First()["request"]!["object"]!["spec"]!.ToJsonString().Should().Be("""{"size":1}""");

        var (strict, strictBody, strictText) = await fixture.SendAsync(HttpMethod.Post, path + "?fieldValidation=Strict",
            """{"apiVersion":"contract.mesh.dev/v1","kind":"Widget","metadata":{"name":"strict"},"spec":{"size":1}}""");
        strict.Should().Be(201, "strict validation judges the client's body; the webhook's addition is pruned: " + strictText);
        strictBody!["spec"]!["shade"].Should().BeNull();
        var (unknown, unknownBody, _) = await fixture.SendAsync(HttpMethod.Post, path + "?fieldValidation=Strict",
            """{"apiVersion":"contract.mesh.dev/v1","kind":"Widget","metadata":{"name":"mine"},"spec":{"size":1,"hue":"x"}}""");
        unknown.Should().Be(400);
        unknownBody!["message"]!.GetValue<string>().Should().Be("strict decoding error: unknown field \"spec.hue\"");

        var (invalid, error, _) = await fixture.SendAsync(HttpMethod.Post, path, """{"apiVersion":"contract.mesh.dev/v1","kind":"Widget","metadata":{"name":"bad"},"spec":{"size":1}}""");
        invalid.Should().Be(422);
        error!["message"]!.GetValue<string>().Should().Contain("spec.size: Invalid value: \"string\": spec.size in body must be of type integer");
        server.ReceivedOn("/validate").Should().HaveCount(2, "validating webhooks are not called for an invalid object");
    }

    [Fact]
    public async Task A_broken_webhook_never_blocks_changes_to_webhook_configurations()
    {
        var (_, hooks) = await SetupAsync("exempt");
        using var ca = new TestCertificateAuthority();
        var everything = hooks.Hook("everything.mesh.dev", "ghost", ca.CaBundle, "/x", resources: ["*"], operations: ["*"]);
        everything["rules"]![0]!["apiGroups"] = new JsonArray("*");
        everything["rules"]![0]!["apiVersions"] = new JsonArray("*");
        everything.Remove("namespaceSelector");
        var name = ClusterTargetExtensions.Unique("everything");
        await hooks.RegisterAsync(false, name, everything);

        var (status, _, text) = await fixture.SendAsync(HttpMethod.Delete, $"/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/{name}");
        status.Should().Be(200, text);
    }

    private async Task<(string Namespace, WebhookRegistration Hooks)> SetupAsync(string prefix)
    {
        var ns = await fixture.NewNamespaceAsync(prefix);
        return (ns, new WebhookRegistration(fixture, ns));
    }
}
