using System.Text.Json.Nodes;
using Mesh.CrdGen;
using Mesh.LocalCluster.Validation;
using Mesh.Testing;

namespace Mesh.Operator.Entities.Tests.Robustness;

/// <summary>
/// Security checklist: a MeshPolicy cannot reach a Secret or an Issuer of another namespace. The CRD has no field
/// that names a Secret at all, and an issuerRef has no namespace: a namespaced Issuer is always looked up in the
/// policy's own namespace (a ClusterIssuer is cluster-scoped by cert-manager's design, and its use is the cluster
/// admin's decision).
/// </summary>
public sealed class CrossNamespaceReferenceTests
{
    private static JsonObject PolicyWithIssuer(JsonObject issuerRef) => new()
    {
        ["apiVersion"] = "mesh.dev/v1alpha1",
        ["kind"] = "MeshPolicy",
        ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "team-a" },
        ["spec"] = new JsonObject
        {
            ["mtls"] = new JsonObject
            {
                ["certificates"] = new JsonObject { ["provider"] = "CertManager", ["issuerRef"] = issuerRef },
            },
        },
    };

    [Fact]
    public void An_issuer_ref_naming_another_namespace_is_refused_by_strict_admission()
    {
        var policy = PolicyWithIssuer(new JsonObject { ["name"] = "ca", ["namespace"] = "mesh-system" });

        var result = CrdAdmission.Admit(CrdGenerator.MeshPolicyFileName, policy);

        result.UnknownFields.Should().Equal("spec.mtls.certificates.issuerRef.namespace");
    }

    [Fact]
    public void Without_strict_validation_the_namespace_is_pruned_so_the_issuer_is_the_policys_own_namespace()
    {
        var policy = PolicyWithIssuer(new JsonObject { ["name"] = "ca", ["namespace"] = "mesh-system" });

        var result = SchemaAdmission.Admit(MeshPolicySchema(), policy, oldObj: null, strictUnknownFields: false);

        result.Errors.Should().BeEmpty();
        var issuerRef = policy["spec"]!["mtls"]!["certificates"]!["issuerRef"]!.AsObject();
        issuerRef.Select(p => p.Key).Should().BeEquivalentTo("name", "kind", "group");
        ((string?)issuerRef["kind"]).Should().Be("Issuer", "the default kind is the namespaced Issuer, looked up in the policy's namespace");
    }

    [Fact]
    public void No_field_of_the_MeshPolicy_schema_names_a_secret_or_an_object_of_another_namespace()
    {
        var crd = YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.Crd, CrdGenerator.MeshPolicyFileName)))!;
        var schema = crd["spec"]!["versions"]!.AsArray().Single(v => (bool?)v!["storage"] == true)!["schema"]!["openAPIV3Schema"]!;
        var paths = new List<string>();
        Walk(schema, "", paths);

        paths.Should().NotBeEmpty();
        paths.Where(p => p.Contains("secret", StringComparison.OrdinalIgnoreCase)).Should().BeEmpty("no MeshPolicy field may name a Secret");
        // The only namespace fields are identities of callers (authorization sources), never a place to read from;
        // metadata.namespace is the policy's own.
        paths.Where(p => p.EndsWith(".namespace", StringComparison.Ordinal) || p.EndsWith(".namespaces", StringComparison.Ordinal))
            .Should().OnlyContain(p => p.Contains(".from", StringComparison.Ordinal) || p.StartsWith("metadata", StringComparison.Ordinal),
                "a namespace field elsewhere could point the operator at another namespace's objects");
    }

    private static void Walk(JsonNode node, string path, List<string> paths)
    {
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                var childPath = path.Length == 0 ? name : $"{path}.{name}";
                paths.Add(childPath);
                Walk(child!, childPath, paths);
            }
        }

        if (node["items"] is JsonObject items)
        {
            Walk(items, path, paths);
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            Walk(additional, path + ".*", paths);
        }
    }

    private static StructuralSchema MeshPolicySchema()
    {
        var crd = YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.Crd, CrdGenerator.MeshPolicyFileName)))!;
        var version = crd["spec"]!["versions"]!.AsArray().Single(v => (bool?)v!["storage"] == true)!;
        return StructuralSchema.Parse(version["schema"]!["openAPIV3Schema"]!.AsObject());
    }
}
