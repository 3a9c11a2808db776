namespace Mesh.Meshctl.Tests;

/// <summary>The built meshctl what-if against local mode running config/samples/shop.</summary>
public sealed class WhatIfCommandTests(LocalMeshFixture mesh) : IClassFixture<LocalMeshFixture>
{
    private static string Case(string name) => MeshctlRun.Repo("tests", "Meshctl.Tests", "testdata", "whatif", name, "policy.yaml");

    [Fact]
    public async Task The_built_binary_reports_the_route_a_canary_change_would_change_on_every_proxy()
    {
        var result = await MeshctlProcess.ExecAsync("what-if", "-f", Case("weights-50-50"), "--kubeconfig", mesh.Kubeconfig);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().BeEmpty();
        // Local mode runs the same six shop pods, injected by its webhook, as the golden's simulated state.
        result.Stdout.Should().StartWith("what-if: 7 proxies, routes ~2 (of 7 proxies)\n")
            .And.Contain("-                  \"weight\": 90\n+                  \"weight\": 50\n");
        // Its own golden: local mode stores defaulted pod templates, so the simulated pods' names (template hashes) differ
        // from the pure case's, which builds pods from the sample files as written.
        Golden.Verify("whatif/weights-50-50/live.txt", result.Stdout);
    }

    [Fact]
    public async Task The_live_policy_itself_changes_nothing()
    {
        var result = await MeshctlProcess.ExecAsync("what-if", "-f", MeshctlRun.Repo("config", "samples", "shop", "01-meshpolicy.yaml"), "--kubeconfig", mesh.Kubeconfig, "--summary");

        result.Should().Be(new MeshctlResult(0, "what-if: no proxy config changes\n", ""));
    }

    [Fact]
    public async Task A_policy_the_planner_refuses_prints_the_error_and_exits_2()
    {
        var result = await MeshctlRun.RunAsync("what-if", "-f", Case("backend-service-missing"), "--kubeconfig", mesh.Kubeconfig);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().StartWith("Error [MESH").And.Contain("(MeshPolicy shop/shop) spec.services[1].routes[0].backends[0]")
            .And.EndWith("what-if: refused by the operator's planner; nothing would change (the proxies keep their config). Fix the errors above.\n");
    }
}
