using System.Text.Json.Nodes;
using Mesh.LocalCluster.Policy;

namespace Mesh.LocalCluster.Tests.Policy;

public sealed class DisruptionBudgetCheckTests
{
    [Fact]
    public void A_budget_not_yet_observed_refuses_with_still_being_processed()
    {
        var refusal = DisruptionBudgetCheck.Decide(Budget(allowed: 5, generation: 2, observed: 1), Pod(ready: true), out _);
        refusal!.Code.Should().Be(429);
        refusal.Details!["causes"]![0]!["message"]!.GetValue<string>().Should().Be("The disruption budget web is still being processed by the server.");
    }

    [Fact]
    public void A_negative_budget_is_forbidden()
    {
        var refusal = DisruptionBudgetCheck.Decide(Budget(allowed: -1), Pod(ready: true), out _);
        refusal!.Code.Should().Be(403);
        refusal.Message.Should().Be("poddisruptionbudget.policy \"web\" is forbidden: pdb disruptions allowed is negative");
    }

    [Fact]
    public void An_unready_pod_goes_without_charge_under_a_healthy_budget_or_AlwaysAllow()
    {
        DisruptionBudgetCheck.Decide(Budget(allowed: 0, current: 2, desired: 2), Pod(ready: false), out var charged).Should().BeNull();
        charged.Should().BeFalse();

        var always = Budget(allowed: 0, current: 0, desired: 2);
        always["spec"]!["unhealthyPodEvictionPolicy"] = "AlwaysAllow";
        DisruptionBudgetCheck.Decide(always, Pod(ready: false), out charged).Should().BeNull();
        charged.Should().BeFalse();

        DisruptionBudgetCheck.Decide(Budget(allowed: 0, current: 1, desired: 2), Pod(ready: false), out _)!.Code.Should().Be(429);
    }

    [Fact]
    public void A_ready_pod_is_charged_and_the_charge_records_the_pod()
    {
        var budget = Budget(allowed: 2);
        DisruptionBudgetCheck.Decide(budget, Pod(ready: true), out var charged).Should().BeNull();
        charged.Should().BeTrue();
        var next = DisruptionBudgetCheck.Charge(budget, "web-1", "2026-12-03T12:00:00Z");
        next["status"]!["disruptionsAllowed"]!.GetValue<long>().Should().Be(1);
        next["status"]!["disruptedPods"]!["web-1"]!.GetValue<string>().Should().Be("2026-12-03T12:00:00Z");
        budget["status"]!["disruptionsAllowed"]!.GetValue<int>().Should().Be(2, "the input is not changed");
    }

    [Fact]
    public void Selectors_follow_policy_v1_an_empty_one_takes_all_a_missing_one_none()
    {
        var empty = Budget(allowed: 1);
        empty["spec"]!["selector"] = new JsonObject();
        var missing = Budget(allowed: 1);
        missing["spec"]!.AsObject().Remove("selector");
        var other = Budget(allowed: 1);
        other["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "db" } };
        DisruptionBudgetCheck.Matching([empty, missing, other, Budget(allowed: 1)], Pod(ready: true)).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("Pending", true)]
    [InlineData("Succeeded", true)]
    [InlineData("Failed", true)]
    [InlineData("Running", false)]
    public void Only_running_pods_are_checked_against_budgets(string phase, bool ignored)
    {
        var pod = Pod(ready: true);
        pod["status"]!["phase"] = phase;
        DisruptionBudgetCheck.IgnoresBudgets(pod).Should().Be(ignored);
    }

    private static JsonObject Budget(int allowed, int current = 3, int desired = 2, int generation = 1, int observed = 1) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "web", ["generation"] = generation },
        ["spec"] = new JsonObject { ["minAvailable"] = desired, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } },
        ["status"] = new JsonObject
        {
            ["observedGeneration"] = observed, ["disruptionsAllowed"] = allowed, ["currentHealthy"] = current, ["desiredHealthy"] = desired,
        },
    };

    private static JsonObject Pod(bool ready) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "web-1", ["labels"] = new JsonObject { ["app"] = "web" } },
        ["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        },
    };
}
