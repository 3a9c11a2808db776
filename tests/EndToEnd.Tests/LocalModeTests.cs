using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests;

/// <summary>Local mode in-process on free ports, driven by the real kubectl.</summary>
public sealed class LocalModeTests : IAsyncLifetime
{
    // A session per test, not per class: each test starts from an empty API.
    private readonly LocalMeshFixture _mesh = new();

    private Kubectl Kubectl => _mesh.Kubectl;

    public Task InitializeAsync() => _mesh.InitializeAsync();

    public Task DisposeAsync() => _mesh.DisposeAsync();

    private static string Policy(bool restartOnChange) => $"""
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata:
          name: x
          namespace: default
        spec:
          workloads:
            restartOnChange: {(restartOnChange ? "true" : "false")}
        """;

    private async Task ApplyAsync(string yaml)
    {
        var result = await Kubectl.ApplyAsync(yaml);
        result.ExitCode.Should().Be(0, $"kubectl apply should succeed: {result}");
    }

    [Fact]
    public async Task A_MeshPolicy_applied_with_kubectl_becomes_Accepted_and_observedGeneration_follows_an_edit()
    {
        await ApplyAsync(Policy(restartOnChange: false));

        await Kubectl.MustAsync("wait", "--for=condition=Accepted", "meshpolicy/x", "-n", "default", "--timeout=60s");
        (await Kubectl.MustAsync("get", "mp", "x", "-n", "default", "-o", "jsonpath={.status.observedGeneration}")).Should().Be("1");

        await ApplyAsync(Policy(restartOnChange: true));

        await Kubectl.MustAsync("wait", "--for=jsonpath={.status.observedGeneration}=2", "meshpolicy/x", "-n", "default", "--timeout=60s");
        (await Kubectl.MustAsync("get", "mp", "-A")).Should().Contain("x");
        (await Kubectl.MustAsync("describe", "mp", "x", "-n", "default")).Should().Contain("Accepted");
    }

    [Fact]
    public async Task The_operator_serves_metrics_and_health_with_controller_runtime_names()
    {
        await ApplyAsync(Policy(restartOnChange: false));
        await Kubectl.MustAsync("wait", "--for=condition=Accepted", "meshpolicy/x", "-n", "default", "--timeout=60s");
        using var http = new HttpClient { BaseAddress = new Uri(_mesh.Session.Urls[0]) };

        (await http.GetAsync("/healthz")).IsSuccessStatusCode.Should().BeTrue();
        (await http.GetAsync("/readyz")).IsSuccessStatusCode.Should().BeTrue();
        // Accepted is written inside the reconcile, the reconcile counter only after it returns: wait for the counter.
        var metrics = "";
        await Mesh.LocalMeshFixture.EventuallyAsync(async () =>
        {
            metrics = await http.GetStringAsync("/metrics");
            return metrics.Contains("controller_runtime_reconcile_total{controller=\"meshpolicy\",result=\"success\"}", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20));
        metrics.Should().Contain("controller_runtime_reconcile_total{controller=\"meshpolicy\",result=\"success\"}")
            .And.Contain("workqueue_adds_total{name=\"meshpolicy\"}")
            .And.Contain("workqueue_queue_duration_seconds")
            // Prometheus metrics are process-wide and other local meshes of this test process take and release the same
            // Lease name, so only the series is asserted here (leadership itself: LeaderElectionTests).
            .And.Contain("leader_election_master_status{name=\"mesh-operator-leader\"}");
    }
}
