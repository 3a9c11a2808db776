using Mesh.Operator.Hosting;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests;

/// <summary>Local mode in-process on free ports, driven by the real kubectl.</summary>
public sealed class LocalModeTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesh-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalSession? _session;
    private Kubectl? _kubectl;

    public async Task InitializeAsync()
    {
        _session = await LocalSession.StartAsync(new LocalModeOptions
        {
            KubeconfigPath = Path.Combine(_dir, "config"),
            XdsPort = 0,
            HttpPort = 0,
        });
        _kubectl = new Kubectl(_session.KubeconfigPath, Path.Combine(_dir, "cache"));
    }

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

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
        var file = Path.Combine(_dir, "policy.yaml");
        await File.WriteAllTextAsync(file, yaml);
        await _kubectl!.MustAsync("apply", "-f", file);
    }

    [Fact]
    public async Task A_MeshPolicy_applied_with_kubectl_becomes_Accepted_and_observedGeneration_follows_an_edit()
    {
        await ApplyAsync(Policy(restartOnChange: false));

        await _kubectl!.MustAsync("wait", "--for=condition=Accepted", "meshpolicy/x", "-n", "default", "--timeout=60s");
        (await _kubectl.MustAsync("get", "mp", "x", "-n", "default", "-o", "jsonpath={.status.observedGeneration}")).Should().Be("1");

        await ApplyAsync(Policy(restartOnChange: true));

        await _kubectl.MustAsync("wait", "--for=jsonpath={.status.observedGeneration}=2", "meshpolicy/x", "-n", "default", "--timeout=60s");
        (await _kubectl.MustAsync("get", "mp", "-A")).Should().Contain("x");
        (await _kubectl.MustAsync("describe", "mp", "x", "-n", "default")).Should().Contain("Accepted");
    }

    [Fact]
    public async Task The_operator_serves_metrics_and_health_with_controller_runtime_names()
    {
        await ApplyAsync(Policy(restartOnChange: false));
        await _kubectl!.MustAsync("wait", "--for=condition=Accepted", "meshpolicy/x", "-n", "default", "--timeout=60s");
        using var http = new HttpClient { BaseAddress = new Uri(_session!.Urls[0]) };

        (await http.GetAsync("/healthz")).IsSuccessStatusCode.Should().BeTrue();
        (await http.GetAsync("/readyz")).IsSuccessStatusCode.Should().BeTrue();
        var metrics = await http.GetStringAsync("/metrics");
        metrics.Should().Contain("controller_runtime_reconcile_total{controller=\"meshpolicy\",result=\"success\"}")
            .And.Contain("workqueue_adds_total{name=\"meshpolicy\"}")
            .And.Contain("workqueue_queue_duration_seconds")
            .And.Contain("leader_election_master_status{name=\"mesh-operator-leader\"} 1");
    }
}
