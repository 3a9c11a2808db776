using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Local;
using Mesh.Operator.Planning;
using Mesh.Testing;
using YamlDotNet.Serialization;

namespace Mesh.Operator.Tests.Planning;

/// <summary>
/// Every config/samples/invalid MeshPolicy that expectations.yaml gives to the planner (and no longer marks pending),
/// planned against the shop sample namespace with the workloads local mode simulates (as <see cref="SampleGoldenTests"/>
/// does), in place of the shop's own MeshPolicy, or beside it (applied later) where the entry says withShopPolicy: it is
/// refused (Accepted=False) at its expected field, or, where the entry says severity: warning, accepted with a warning
/// there. The schema and CEL entries are checked in Operator.Entities.Tests against the real CRD.
/// </summary>
public sealed class InvalidSamplePlannerTests
{
    // The shop's own policies exist before any invalid one is applied: ownership of a Service goes to the older policy.
    private static readonly DateTime ShopApplied = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly Lazy<IReadOnlyList<Dictionary<string, string>>> Cases = new(() =>
        new DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, List<Dictionary<string, string>>>>(File.ReadAllText(RepoPaths.Of("config", "samples", "invalid", "expectations.yaml")))["cases"]);

    private static readonly Lazy<IReadOnlyList<object>> Shop = new(() =>
    {
        var objects = Directory.GetFiles(RepoPaths.Of("config", "samples", "shop"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(PlanInput.LoadObjects).ToList();
        var simulated = WorkloadSimulator.Simulate(objects.OfType<V1Deployment>(), objects.OfType<V1Job>(), objects.OfType<V1Service>());
        objects.AddRange(simulated.Pods);
        objects.AddRange(simulated.EndpointSlices);
        foreach (var policy in objects.OfType<MeshPolicy>())
        {
            policy.Metadata.CreationTimestamp = ShopApplied;
        }
        return objects;
    });

    public static TheoryData<string> PlannerCases()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Cases.Value.Where(c => c["catcher"] == "planner" && c["pending"] == "false"))
        {
            data.Add(entry["file"]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PlannerCases))]
    public void A_planner_caught_invalid_sample_is_refused_in_the_shop_namespace_at_its_field(string file)
    {
        var entry = Cases.Value.Single(c => c["file"] == file);
        var field = entry["field"];

        var plan = PlanAgainstShop(file, entry.GetValueOrDefault("withShopPolicy") == "true");

        if (entry.GetValueOrDefault("severity") == "warning")
        {
            plan.IsAccepted.Should().BeTrue($"{file} is a warning by design; errors: {string.Join("; ", plan.Errors)}");
            plan.Warnings.Select(p => p.Field).Should().Contain(field, $"{file} must be warned about at {field}; got: {string.Join("; ", plan.Warnings)}");
        }
        else
        {
            plan.IsAccepted.Should().BeFalse($"{file} must be refused (Accepted=False); problems: {string.Join("; ", plan.Problems)}");
            plan.Errors.Select(p => p.Field).Should().OnlyContain(f => f == field, $"{file} is wrong at {field} only; got: {string.Join("; ", plan.Errors)}");
        }
    }

    [Fact]
    public void The_shop_policy_itself_plans_without_problems_so_each_refusal_comes_from_the_invalid_sample()
    {
        var shop = Shop.Value.OfType<MeshPolicy>().Should().ContainSingle().Subject;

        var plan = MeshPlanner.Plan(shop, PlanInput.StateOf(Shop.Value, "shop"));

        plan.Problems.Should().BeEmpty();
    }

    private static MeshPlan PlanAgainstShop(string file, bool withShopPolicy)
    {
        var policy = PlanInput.LoadObjects(RepoPaths.Of("config", "samples", "invalid", file)).OfType<MeshPolicy>().Single();
        policy.Metadata.CreationTimestamp = ShopApplied.AddHours(1);
        var objects = Shop.Value.Where(o => withShopPolicy || o is not MeshPolicy).Append(policy).ToList();
        var state = PlanInput.StateOf(objects, policy.Metadata.NamespaceProperty);
        return MeshPlanner.Plan(policy, state);
    }
}
