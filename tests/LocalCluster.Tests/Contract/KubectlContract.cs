using k8s;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Contract;

/// <summary>The kubectl commands a user runs, against built-in kinds.</summary>
public abstract class KubectlContract<TTarget>(TTarget target)
    where TTarget : IClusterTarget
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: NS
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.26
              - name: sidecar
                image: envoyproxy/envoy:v1.31
        """;

    protected TTarget Target { get; } = target;

    [ContractFact]
    public async Task Kubectl_create_get_and_delete_a_config_map()
    {
        var ns = await Target.NewNamespaceAsync("kcreate");
        var created = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "create");
        created.StdOut.Trim().Should().Be("configmap/demo created", created.ToString());

        var again = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "create");
        again.ExitCode.Should().NotBe(0);
        again.StdErr.Should().Contain("Error from server (AlreadyExists)").And.Contain("configmaps \"demo\" already exists");

        var table = await Target.Kubectl.RunAsync("get", "configmaps", "demo", "-n", ns);
        table.StdOut.Should().MatchRegex(@"NAME\s+DATA\s+AGE\ndemo\s+1\s+\d+s");

        var json = await Target.Kubectl.RunAsync("get", "configmap", "demo", "-n", ns, "-o", "jsonpath={.data.key1}");
        json.StdOut.Should().Be("value1");

        var deleted = await Target.Kubectl.RunAsync("delete", "configmap", "demo", "-n", ns);
        deleted.StdOut.Trim().Should().Be("configmap \"demo\" deleted", deleted.ToString());
        var missing = await Target.Kubectl.RunAsync("get", "configmap", "demo", "-n", ns);
        missing.ExitCode.Should().NotBe(0);
        missing.StdErr.Trim().Should().Be("Error from server (NotFound): configmaps \"demo\" not found");
    }

    [ContractFact]
    public async Task Kubectl_apply_creates_then_configures_then_reports_unchanged()
    {
        var ns = await Target.NewNamespaceAsync("kapply");
        (await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "apply")).StdOut.Trim().Should().Be("configmap/demo created");
        (await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo", "value2"), "apply")).StdOut.Trim().Should().Be("configmap/demo configured");
        (await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo", "value2"), "apply")).StdOut.Trim().Should().Be("configmap/demo unchanged");
        var cm = await Target.Client.CoreV1.ReadNamespacedConfigMapAsync("demo", ns);
        cm.Data["key1"].Should().Be("value2");
        cm.Metadata.Annotations.Should().ContainKey("kubectl.kubernetes.io/last-applied-configuration");
    }

    [ContractFact]
    public async Task Kubectl_apply_of_a_deployment_merges_containers_strategically_and_bumps_generation()
    {
        var ns = await Target.NewNamespaceAsync("kdeploy");
        var manifest = Deployment.Replace("NS", ns, StringComparison.Ordinal);
        (await Target.Kubectl.WithManifestAsync(manifest, "apply")).ExitCode.Should().Be(0);
        var updated = manifest.Replace("nginx:1.26", "nginx:1.27", StringComparison.Ordinal)
            .Replace("\n      - name: sidecar\n        image: envoyproxy/envoy:v1.31", "", StringComparison.Ordinal);
        var applied = await Target.Kubectl.WithManifestAsync(updated, "apply");
        applied.StdOut.Trim().Should().Be("deployment.apps/web configured", applied.ToString());

        var deployment = await Target.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        deployment.Spec.Template.Spec.Containers.Select(c => $"{c.Name}={c.Image}").Should().Equal("nginx=nginx:1.27");
        deployment.Metadata.Generation.Should().Be(2);
    }

    [ContractFact]
    public async Task Kubectl_apply_server_side_creates_a_missing_object_and_updates_it()
    {
        var ns = await Target.NewNamespaceAsync("kssa");
        var created = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "apply", "--server-side");
        created.StdOut.Trim().Should().Be("configmap/demo serverside-applied", created.ToString());
        var updated = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo", "value2"), "apply", "--server-side");
        updated.ExitCode.Should().Be(0, updated.ToString());
        (await Target.Client.CoreV1.ReadNamespacedConfigMapAsync("demo", ns)).Data["key1"].Should().Be("value2");
    }

    [ContractFact]
    public async Task Kubectl_patch_supports_merge_json_and_strategic_patches()
    {
        var ns = await Target.NewNamespaceAsync("kpatch");
        (await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "create")).ExitCode.Should().Be(0);
        (await Target.Kubectl.RunAsync("patch", "configmap", "demo", "-n", ns, "--type=merge", "-p", "{\"data\":{\"merge\":\"1\"}}")).StdOut.Trim().Should().Be("configmap/demo patched");
        (await Target.Kubectl.RunAsync("patch", "configmap", "demo", "-n", ns, "--type=json", "-p", "[{\"op\":\"add\",\"path\":\"/data/json\",\"value\":\"2\"}]")).ExitCode.Should().Be(0);
        (await Target.Kubectl.RunAsync("patch", "configmap", "demo", "-n", ns, "-p", "{\"data\":{\"strategic\":\"3\",\"key1\":null}}")).ExitCode.Should().Be(0);
        var data = (await Target.Client.CoreV1.ReadNamespacedConfigMapAsync("demo", ns)).Data;
        data.Should().BeEquivalentTo(new Dictionary<string, string> { ["merge"] = "1", ["json"] = "2", ["strategic"] = "3" });
    }

    [ContractFact]
    public async Task Kubectl_label_and_selectors_and_show_labels()
    {
        var ns = await Target.NewNamespaceAsync("klabel");
        (await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "a"), "create")).ExitCode.Should().Be(0);
        (await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "b"), "create")).ExitCode.Should().Be(0);
        (await Target.Kubectl.RunAsync("label", "configmap", "a", "-n", ns, "tier=web")).StdOut.Trim().Should().Be("configmap/a labeled");
        (await Target.Kubectl.RunAsync("get", "cm", "-n", ns, "-l", "tier=web", "-o", "name")).StdOut.Trim().Should().Be("configmap/a");
        (await Target.Kubectl.RunAsync("get", "cm", "-n", ns, "-l", "!tier", "-o", "name")).StdOut.Should().Contain("configmap/b").And.NotContain("configmap/a");
        (await Target.Kubectl.RunAsync("get", "cm", "a", "-n", ns, "--show-labels")).StdOut.Should().MatchRegex(@"a\s+1\s+\S+\s+tier=web");
        (await Target.Kubectl.RunAsync("get", "cm", "-A", "--field-selector", $"metadata.namespace={ns},metadata.name=b")).StdOut
            .Should().MatchRegex($@"{ns}\s+b\s+1");
    }

    [ContractFact]
    public async Task Kubectl_describe_shows_the_events_of_an_object()
    {
        var ns = await Target.NewNamespaceAsync("kdescribe");
        var cm = await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "demo" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns);
        await Target.Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "demo.1", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "demo", NamespaceProperty = ns, Uid = cm.Metadata.Uid },
            Reason = "Programmed",
            Message = "configuration pushed to 3 proxies",
            Type = "Normal",
            Source = new V1EventSource { Component = "mesh-operator" },
            FirstTimestamp = DateTime.UtcNow,
            LastTimestamp = DateTime.UtcNow,
            Count = 1,
        }, ns);

        var describe = await Target.Kubectl.RunAsync("describe", "configmap", "demo", "-n", ns);
        describe.ExitCode.Should().Be(0, describe.ToString());
        describe.StdOut.Should().MatchRegex(@"Normal\s+Programmed\s+\S+\s+mesh-operator\s+configuration pushed to 3 proxies");
    }

    [ContractFact]
    public async Task Kubectl_get_watch_prints_changes_as_they_happen()
    {
        var ns = await Target.NewNamespaceAsync("kwatch");
        (await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "first"), "create")).ExitCode.Should().Be(0);
        await using var watching = Target.Kubectl.Start("get", "configmaps", "-n", ns, "-w");
        await watching.WaitForAsync(o => o.Contains("first", StringComparison.Ordinal), "kubectl listed the existing object");
        (await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "second"), "create")).ExitCode.Should().Be(0);
        await watching.WaitForAsync(o => o.Contains("second", StringComparison.Ordinal), "kubectl printed the new object");
        watching.StdOut.Should().MatchRegex(@"first\s+1\s+\d+s").And.MatchRegex(@"second\s+1\s+\d+s");
    }

    [ContractFact]
    public async Task Kubectl_delete_waits_until_a_finalized_object_is_released()
    {
        var ns = await Target.NewNamespaceAsync("kdelete");
        await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["contract.mesh.dev/hold"] } }, ns);
        var deleting = Target.Kubectl.RunAsync("delete", "configmap", "held", "-n", ns, "--timeout=30s");
        await Eventually.True(
            async () => (await Target.Client.CoreV1.ReadNamespacedConfigMapAsync("held", ns)).Metadata.DeletionTimestamp is not null,
            "the delete is recorded");
        await Target.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "held", ns);
        var deleted = await deleting;
        deleted.ExitCode.Should().Be(0, deleted.ToString());
        deleted.StdOut.Trim().Should().Be("configmap \"held\" deleted");
    }
}
