using Mesh.XdsServer.Config;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Tests.Config.ConfigModels;

namespace Mesh.XdsServer.Tests.Config;

public sealed class WorkloadIndexTests
{
    private static MeshService Selecting(string name, string? policy, IReadOnlyDictionary<string, string> selector, string ns = "shop") =>
        Service(name, policy!, ns: ns) with { Selector = selector, Policy = policy };

    private static readonly MeshModel Model = new()
    {
        Services =
        [
            Selecting("reviews-v1", "canary", new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v1" }),
            Selecting("reviews", "reviews", new Dictionary<string, string> { ["app"] = "reviews" }),
            Selecting("unowned", null, new Dictionary<string, string> { ["app"] = "reviews" }),
            Selecting("headless", "reviews", new Dictionary<string, string>()),
            Selecting("gone", "deleted", new Dictionary<string, string> { ["app"] = "reviews" }),
            Selecting("by-version", "versions", new Dictionary<string, string> { ["version"] = "v1" }),
            Selecting("reviews", "other", new Dictionary<string, string> { ["app"] = "reviews" }, ns: "blog"),
        ],
        Policies =
        [
            new MeshPolicyRef { Namespace = "shop", Name = "canary" },
            new MeshPolicyRef { Namespace = "shop", Name = "reviews" },
            new MeshPolicyRef { Namespace = "shop", Name = "versions" },
            new MeshPolicyRef { Namespace = "blog", Name = "other" },
        ],
    };

    private static IEnumerable<string> Inbound(IReadOnlyDictionary<string, string> labels, string ns = "shop") =>
        new WorkloadIndex(Model).InboundPolicies(new ProxyScope { Namespace = ns, Labels = labels }).Select(p => p.Name);

    [Fact]
    public void A_scope_serves_the_policies_of_the_services_whose_whole_selector_its_labels_hold_in_model_order()
    {
        Inbound(new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v1" })
            .Should().Equal(["canary", "reviews", "versions"], "services without a policy, without a selector or whose policy is not in the model serve none");
    }

    [Fact]
    public void A_selector_pair_the_labels_lack_or_contradict_leaves_the_service_out()
    {
        Inbound(new Dictionary<string, string> { ["app"] = "reviews" }).Should().Equal("reviews");
        Inbound(new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v2" }).Should().Equal("reviews");
        Inbound(new Dictionary<string, string> { ["version"] = "v1" }).Should().Equal("versions");
        Inbound(new Dictionary<string, string>()).Should().BeEmpty();
    }

    [Fact]
    public void Only_services_of_the_scopes_own_namespace_count()
    {
        Inbound(new Dictionary<string, string> { ["app"] = "reviews" }, ns: "blog").Should().Equal("other");
        Inbound(new Dictionary<string, string> { ["app"] = "reviews" }, ns: "elsewhere").Should().BeEmpty();
    }
}
