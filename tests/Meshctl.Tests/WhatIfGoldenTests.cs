using Mesh.Meshctl.Analysis;
using Mesh.Meshctl.WhatIf;
using Mesh.Operator.Entities;
using Mesh.Operator.Local;
using Mesh.Operator.Planning;
using Mesh.Operator.WhatIf;
using Mesh.XdsServer.Contract;

namespace Mesh.Meshctl.Tests;

/// <summary>
/// The pure what-if core over a live state read from files: config/samples/shop as local mode runs it (its Deployments
/// simulated into pods, each injected), and a proposed policy from testdata/whatif/&lt;case&gt;/policy.yaml.
/// </summary>
public sealed class WhatIfGoldenTests
{
    [Theory]
    [InlineData("weights-50-50")]
    [InlineData("drop-details")]
    public void The_report_of_a_proposed_policy_matches_its_golden(string name)
    {
        var outcome = Evaluate(name);

        outcome.IsAccepted.Should().BeTrue();
        Golden.Verify($"whatif/{name}/expected.txt", WhatIfText.Full(outcome.Report));
        Golden.Verify($"whatif/{name}/warnings.txt", string.Join("\n", WhatIfText.Warnings(outcome.Report)) + "\n");
    }

    [Fact]
    public void A_canary_weight_change_changes_one_route_of_every_shop_proxy_and_nothing_else()
    {
        var report = Evaluate("weights-50-50").Report;

        // The sidecars share the route configuration of port 9080; the proxyless clients have one per service.
        report.Changes.Select(c => (c.Type, c.Name, c.Kind)).Should().Equal(
            ("routes", "9080", ResourceChangeKind.Changed),
            ("routes", "reviews.shop.svc.cluster.local:9080", ResourceChangeKind.Changed));
        report.Changes[0].Proxies.Should().HaveCount(6).And.OnlyContain(p => p.StartsWith("shop/", StringComparison.Ordinal));
        report.Changes[1].Proxies.Should().Equal(WhatIfEngine.ProxylessName);
        report.Changes.Should().OnlyContain(c => c.Diff.Contains("-                  \"weight\": 90\n+                  \"weight\": 50\n", StringComparison.Ordinal));
        WhatIfText.Summary(report).Should().Be("what-if: 7 proxies, routes ~2");
    }

    [Fact]
    public void Dropping_a_service_removes_its_clusters_and_endpoints()
    {
        var report = Evaluate("drop-details").Report;

        report.Changes.Where(c => c.Kind == ResourceChangeKind.Removed).Select(c => c.Type).Should().Contain(["clusters", "endpoints"]);
        // Its outbound cluster leaves every proxy; the inbound one only the details pod, which no longer serves it.
        report.Changes.Where(c => c.Type == "clusters").Should().OnlyContain(c => c.Kind == ResourceChangeKind.Removed);
        // Sidecars and proxyless clients had different versions of it (mTLS vs plaintext): one change each.
        report.Changes.Where(c => c.Name == "outbound|9080||details.shop.svc.cluster.local" && c.Type == "clusters")
            .SelectMany(c => c.Proxies).Should().HaveCount(7).And.OnlyHaveUniqueItems();
        report.Changes.Should().ContainSingle(c => c.Name == "inbound|9080||")
            .Which.Proxies.Should().Equal("shop/details-v1-d2d8d40784-0");
        report.Changes.Should().NotContain(c => c.Kind == ResourceChangeKind.Added);
    }

    [Fact]
    public void A_policy_the_planner_refuses_changes_nothing_and_names_the_field()
    {
        var outcome = Evaluate("backend-service-missing");

        outcome.IsAccepted.Should().BeFalse();
        outcome.Report.IsEmpty.Should().BeTrue();
        outcome.Plans.Single().Errors.Should().Contain(p => p.Field.StartsWith("spec.services[1].routes[0].backends[0]", StringComparison.Ordinal) && p.Message.Contains("reviews-next", StringComparison.Ordinal));
    }

    [Fact]
    public void The_live_policy_proposed_unchanged_changes_nothing()
    {
        var live = ShopLive();
        var shop = live.Single(s => s.Namespace == "shop").Policies.Single();

        var outcome = WhatIfPlanner.Evaluate(live, [shop]);

        outcome.IsAccepted.Should().BeTrue();
        outcome.Report.IsEmpty.Should().BeTrue();
        WhatIfText.Summary(outcome.Report).Should().Be("what-if: no proxy config changes");
        outcome.Report.ProxyCount.Should().Be(7, "six shop pods run the sidecar, plus the proxyless clients");
    }

    [Fact]
    public void A_new_policy_in_a_namespace_without_one_adds_its_services_for_every_proxy()
    {
        var live = ShopLive().Select(s => s with { Policies = [] }).ToList();
        var shop = ShopLive().Single(s => s.Namespace == "shop").Policies.Single();

        var report = WhatIfPlanner.Evaluate(live, [shop]).Report;

        report.Changes.Should().Contain(c => c.Type == "clusters" && c.Kind == ResourceChangeKind.Added && c.Name.Contains("reviews", StringComparison.Ordinal));
        report.Changes.Should().NotContain(c => c.Kind == ResourceChangeKind.Removed && c.Type == "clusters");
    }

    [Fact]
    public void Every_warning_line_is_short()
    {
        var report = Evaluate("drop-details").Report;

        WhatIfText.Warnings(report).Should().OnlyContain(w => w.Length <= WhatIfText.MaxWarningLength && !w.Contains('\n', StringComparison.Ordinal));
    }

    private static WhatIfOutcome Evaluate(string name)
    {
        var proposed = ManifestReader.Read([MeshctlRun.Repo("tests", "Meshctl.Tests", "testdata", "whatif", name, "policy.yaml")])
            .Policies.Values.Select(p => p.Policy!).ToList();
        return WhatIfPlanner.Evaluate(ShopLive(), proposed);
    }

    /// <summary>The shop as local mode runs it: pods simulated from the Deployments, the selected ones injected.</summary>
    internal static IReadOnlyList<NamespaceState> ShopLive()
    {
        var set = ManifestReader.Read([MeshctlRun.Repo("config", "samples", "shop")]);
        var simulated = WorkloadSimulator.Simulate(set.Deployments.Values, set.Jobs.Values, set.Services.Values);
        foreach (var pod in simulated.Pods)
        {
            if (pod.Metadata.Labels.TryGetValue("mesh.dev/member", out var member) && member == "true")
            {
                pod.Metadata.Labels[SidecarContract.TlsModeLabel] = SidecarContract.TlsModeMesh;
            }
            set.Pods[ManifestSet.Key(pod)] = pod;
        }
        foreach (var slice in simulated.EndpointSlices)
        {
            set.EndpointSlices[ManifestSet.Key(slice)] = slice;
        }
        foreach (var policy in set.Policies.Values)
        {
            policy.Policy!.Metadata.CreationTimestamp = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
            policy.Policy.Metadata.Generation = 1;
        }
        return LiveStates.From(set, []);
    }

}
