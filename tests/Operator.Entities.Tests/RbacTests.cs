using System.Text.Json.Nodes;
using Mesh.Testing;

namespace Mesh.Operator.Entities.Tests;

public sealed class RbacTests
{
    private static readonly string Rbac = Path.Combine(RepoPaths.Root, "config", "rbac");

    private static JsonObject Load(string file) => YamlTree.Load(File.ReadAllText(Path.Combine(Rbac, file)))!.AsObject();

    private static IEnumerable<JsonObject> Rules(string file) => Load(file)["rules"]!.AsArray().Select(r => r!.AsObject());

    [Theory]
    [InlineData("cluster_role.yaml")]
    [InlineData("leader_election_role.yaml")]
    public void A_role_grants_no_wildcards_and_no_escalation_verbs(string file)
    {
        foreach (var rule in Rules(file))
        {
            var verbs = rule["verbs"]!.AsArray().Select(v => (string)v!).ToList();
            var resources = rule["resources"]!.AsArray().Select(v => (string)v!).ToList();

            verbs.Should().NotContain(["*", "deletecollection", "escalate", "bind", "impersonate"]);
            resources.Should().NotContain("*");
            rule["apiGroups"]!.AsArray().Select(v => (string)v!).Should().NotContain("*");
        }
    }

    [Theory]
    [InlineData("cluster_role.yaml")]
    [InlineData("leader_election_role.yaml")]
    public void Every_rule_is_preceded_by_a_comment_that_gives_its_reason(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Rbac, file));

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("- apiGroups:", StringComparison.Ordinal))
            {
                lines[i - 1].TrimStart().Should().StartWith("#", $"{file} line {i + 1} needs a comment saying why the rule exists");
            }
        }
    }

    [Fact]
    public void The_operator_can_read_its_inputs_and_write_only_what_it_generates()
    {
        var granted = Rules("cluster_role.yaml")
            .SelectMany(r => r["apiGroups"]!.AsArray().SelectMany(g => r["resources"]!.AsArray().SelectMany(res =>
                r["verbs"]!.AsArray().Select(v => $"{(string)g!}/{(string)res!}:{(string)v!}"))))
            .ToHashSet();

        // The full list is OperatorPermissions (src/Operator/Hosting); tests/EndToEnd.Tests/Install checks the YAML
        // against it and every request the running operator sends against both.
        granted.Should().Contain([
            "mesh.dev/meshpolicies:watch", "mesh.dev/meshpolicies/status:patch", "mesh.dev/meshpolicies/finalizers:update",
            "/services:watch", "discovery.k8s.io/endpointslices:watch", "/pods:watch",
            "/secrets:patch", "networking.k8s.io/networkpolicies:patch", "cert-manager.io/certificates:patch",
            "cert-manager.io/issuers:watch", "cert-manager.io/clusterissuers:watch", "/events:create",
        ]);
        granted.Should().NotContain(["/pods:patch", "/services:patch", "/serviceaccounts:create", "/namespaces:patch",
            "mesh.dev/meshpolicies:create", "cert-manager.io/issuers:create"]);
    }

    [Fact]
    public void The_bindings_grant_the_roles_to_the_operator_service_account()
    {
        var account = Load("service_account.yaml");
        foreach (var file in new[] { "cluster_role_binding.yaml", "leader_election_role_binding.yaml" })
        {
            var subject = Load(file)["subjects"]!.AsArray().Single()!;
            ((string?)subject["name"]).Should().Be((string?)account["metadata"]!["name"]);
            ((string?)subject["namespace"]).Should().Be((string?)account["metadata"]!["namespace"]);
        }

        ((string?)Load("leader_election_role_binding.yaml")["roleRef"]!["name"]).Should().Be((string?)Load("leader_election_role.yaml")["metadata"]!["name"]);
        ((string?)Load("cluster_role_binding.yaml")["roleRef"]!["name"]).Should().Be((string?)Load("cluster_role.yaml")["metadata"]!["name"]);
        Rules("leader_election_role.yaml").Should().Contain(r => r["resources"]!.AsArray().Any(x => (string?)x == "leases"));
    }
}
