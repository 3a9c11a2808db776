using k8s;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Contract;

/// <summary>kubectl commands that read more than objects: explain (OpenAPI v3), sorted tables, diff, both Event versions.</summary>
public abstract class KubectlFidelityContract<TTarget>(TTarget target)
    where TTarget : IClusterTarget
{
    protected TTarget Target { get; } = target;

    [ContractFact]
    public async Task Kubectl_explain_reads_the_MeshPolicy_schema_from_openapi_v3()
    {
        await MeshPolicyCrdAsync();
        var explained = await Target.Kubectl.RunAsync("explain", "meshpolicy.spec.mtls");
        explained.ExitCode.Should().Be(0, explained.ToString());
        explained.StdOut.Should().MatchRegex(@"GROUP:\s+mesh\.dev")
            .And.MatchRegex(@"KIND:\s+MeshPolicy")
            .And.MatchRegex(@"VERSION:\s+v1alpha1")
            .And.Contain("FIELD: mtls <Object>")
            .And.MatchRegex(@"\n  mode\s+<string>", "the fields of spec.mtls are listed with their types");

        var metadata = await Target.Kubectl.RunAsync("explain", "meshpolicy.metadata.labels");
        metadata.ExitCode.Should().Be(0, $"metadata refers to ObjectMeta, which the document must carry: {metadata}");
        metadata.StdOut.Should().Contain("FIELD: labels <map[string]string>");
    }

    [ContractFact]
    public async Task Kubectl_explain_reads_a_built_in_kind()
    {
        var explained = await Target.Kubectl.RunAsync("explain", "deployment.spec.replicas");
        explained.ExitCode.Should().Be(0, explained.ToString());
        explained.StdOut.Should().MatchRegex(@"KIND:\s+Deployment").And.Contain("FIELD: replicas <integer>");

        var containers = await Target.Kubectl.RunAsync("explain", "pods.spec.containers");
        containers.ExitCode.Should().Be(0, containers.ToString());
        containers.StdOut.Should().Contain("FIELD: containers <[]Container>").And.MatchRegex(@"\n  image\s+<string>");
    }

    [ContractFact]
    public async Task Kubectl_get_events_sorted_by_lastTimestamp_lists_them_oldest_first()
    {
        var ns = await Target.NewNamespaceAsync("evsort");
        foreach (var (name, reason, last) in new[] { ("newer", "Second", "2026-01-02T00:00:00Z"), ("older", "First", "2026-01-01T00:00:00Z") })
        {
            var created = await Target.Kubectl.WithManifestAsync(Event(ns, name, reason, last), "create");
            created.ExitCode.Should().Be(0, created.ToString());
        }

        var sorted = await Target.Kubectl.RunAsync("get", "events", "-n", ns, "--sort-by=.lastTimestamp");
        sorted.ExitCode.Should().Be(0, sorted.ToString());
        var lines = sorted.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3, sorted.ToString());
        lines[1].Should().Contain("First").And.Contain("configmap/demo").And.Contain("first happened");
        lines[2].Should().Contain("Second");

        var v1 = await Target.Kubectl.RunAsync("get", "events.events.k8s.io", "-n", ns, "--sort-by=.deprecatedLastTimestamp");
        v1.ExitCode.Should().Be(0, v1.ToString());
        var rows = v1.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows.Should().HaveCount(3, v1.ToString());
        rows[1].Should().Contain("configmap/demo", "the OBJECT column reads regarding").And.Contain("first happened", "MESSAGE reads note");
    }

    [ContractFact]
    public async Task Kubectl_diff_of_an_object_created_without_kubectl_reports_nothing()
    {
        var ns = await Target.NewNamespaceAsync("kdiff");
        await Target.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "demo", NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = "demo" } },
            Data = new Dictionary<string, string> { ["key1"] = "value1" },
        }, ns);

        var manifest = $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: demo
              namespace: {{ns}}
              labels: {app: demo}
            data:
              key1: value1
            """;
        var diff = await Target.Kubectl.WithManifestAsync(manifest, "diff");
        diff.ExitCode.Should().Be(0, $"nothing changed, so kubectl diff must not show annotations: {{}}: {diff}");
        diff.StdOut.Should().BeEmpty();

        var serverSide = await Target.Kubectl.WithManifestAsync(manifest, "diff", "--server-side", "--force-conflicts");
        serverSide.ExitCode.Should().Be(0, serverSide.ToString());
    }

    [ContractFact]
    public async Task A_second_server_side_apply_of_the_same_manifest_keeps_the_resourceVersion()
    {
        var ns = await Target.NewNamespaceAsync("ssanoop");
        // An applied empty map is stored as nothing: the second apply must still see no change.
        var manifest = Manifests.ConfigMap(ns, "demo", labels: "{}");
        var first = await Target.Kubectl.WithManifestAsync(manifest, "apply", "--server-side");
        first.ExitCode.Should().Be(0, first.ToString());
        var before = await Target.Kubectl.MustAsync("get", "configmap", "demo", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}");

        // managedFields times have a resolution of one second: let the clock pass the next second, so that a server
        // that restamps the entry on every apply is caught.
        var next = DateTimeOffset.UtcNow.AddSeconds(1);
        await Task.Delay(TimeSpan.FromMilliseconds(1100 - next.Millisecond));

        var second = await Target.Kubectl.WithManifestAsync(manifest, "apply", "--server-side");
        second.ExitCode.Should().Be(0, second.ToString());
        var after = await Target.Kubectl.MustAsync("get", "configmap", "demo", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}");
        after.Should().Be(before, "a server-side apply that changes nothing writes nothing");
    }

    private async Task MeshPolicyCrdAsync()
    {
        var applied = await Target.Kubectl.RunAsync("apply", "--server-side", "-f", RepoPaths.Of("config", "crd", "mesh.dev_meshpolicies.yaml"));
        applied.ExitCode.Should().Be(0, applied.ToString());
        var established = await Target.Kubectl.RunAsync("wait", "--for=condition=established", "crd/meshpolicies.mesh.dev", "--timeout=60s");
        established.ExitCode.Should().Be(0, established.ToString());
    }

    private static string Event(string ns, string name, string reason, string lastTimestamp) => $$"""
        apiVersion: v1
        kind: Event
        metadata:
          name: {{name}}
          namespace: {{ns}}
        involvedObject:
          apiVersion: v1
          kind: ConfigMap
          name: demo
          namespace: {{ns}}
        type: Normal
        reason: {{reason}}
        message: {{reason.ToLowerInvariant()}} happened
        source:
          component: fidelity-test
        firstTimestamp: "{{lastTimestamp}}"
        lastTimestamp: "{{lastTimestamp}}"
        count: 1
        """;
}
