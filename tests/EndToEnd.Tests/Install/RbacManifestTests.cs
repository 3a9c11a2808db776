using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;
using Mesh.Operator.Hosting;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>config/rbac says exactly what OperatorPermissions says, rule for rule.</summary>
public sealed class RbacManifestTests
{
    [Fact]
    public void The_cluster_role_grants_exactly_OperatorPermissions_ClusterWide()
    {
        var role = YamlToJson.Documents(File.ReadAllText(RepoPaths.Of("config", "rbac", "cluster_role.yaml"))).Single();
        Grants.Of(role).Should().BeEquivalentTo(Grants.Of(OperatorPermissions.ClusterWide));
    }

    [Fact]
    public void The_leader_election_role_grants_exactly_OperatorPermissions_LeaderElection()
    {
        var role = YamlToJson.Documents(File.ReadAllText(RepoPaths.Of("config", "rbac", "leader_election_role.yaml"))).Single();
        ((string?)role["metadata"]!["namespace"]).Should().Be("mesh-system");
        Grants.Of(role).Should().BeEquivalentTo(Grants.Of(OperatorPermissions.LeaderElection));
    }

    [Fact]
    public void Every_permission_says_why_and_none_is_a_wildcard_or_deletecollection()
    {
        foreach (var rule in OperatorPermissions.ClusterWide.Concat(OperatorPermissions.LeaderElection))
        {
            rule.Why.Should().NotBeNullOrWhiteSpace();
            rule.Verbs.Should().NotContain(["*", "deletecollection", "escalate", "bind", "impersonate"]);
            rule.Resource.Should().NotBe("*");
        }
    }

    [Fact]
    public async Task The_bindings_give_both_roles_to_the_Deployment_service_account()
    {
        var rendered = await Rendered.Default;
        var serviceAccount = (string?)InstallManifestTests.Container(rendered).Parent!.Parent!["serviceAccountName"];
        foreach (var (kind, role) in new[] { ("ClusterRoleBinding", "ClusterRole"), ("RoleBinding", "Role") })
        {
            var binding = rendered.OfKind(kind).Single();
            ((string?)binding["roleRef"]!["kind"]).Should().Be(role);
            var subject = binding["subjects"]!.AsArray().Single()!;
            ((string?)subject["name"]).Should().Be(serviceAccount);
            ((string?)subject["namespace"]).Should().Be("mesh-system");
        }
    }
}

/// <summary>RBAC rules flattened to one (group, resource, verb, resourceName) tuple per grant, so two spellings compare.</summary>
internal static class Grants
{
    public static IReadOnlyList<string> Of(JsonObject role) =>
        role["rules"]!.AsArray().SelectMany(r =>
        {
            var names = r!["resourceNames"]?.AsArray().Select(n => (string)n!).ToArray() ?? [];
            return Flatten(Strings(r["apiGroups"]), Strings(r["resources"]), Strings(r["verbs"]), names);
        }).Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Of(IEnumerable<PermissionRule> rules) =>
        rules.SelectMany(r => Flatten([r.Group], [r.Resource], r.Verbs, r.ResourceNames)).Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<string> Flatten(IEnumerable<string> groups, IEnumerable<string> resources, IEnumerable<string> verbs, IReadOnlyList<string> names) =>
        from g in groups
        from r in resources
        from v in verbs
        from n in names.Count == 0 ? ["*"] : names
        select $"{(g.Length == 0 ? "core" : g)} {r} {v} {n}";

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => (string)n!).ToArray();
}
