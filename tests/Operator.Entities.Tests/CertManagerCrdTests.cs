using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Entities.CertManager;
using Mesh.Testing;

namespace Mesh.Operator.Entities.Tests;

/// <summary>The hand-written cert-manager CRDs in config/crd must type every field of our cert-manager models.</summary>
public sealed class CertManagerCrdTests
{
    public static TheoryData<string, Type, Type> Models() => new()
    {
        { "cert-manager.io_certificates.yaml", typeof(CertificateSpec), typeof(CertificateStatus) },
        { "cert-manager.io_issuers.yaml", typeof(IssuerSpec), typeof(IssuerStatus) },
        { "cert-manager.io_clusterissuers.yaml", typeof(IssuerSpec), typeof(IssuerStatus) },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_field_of_the_model_is_typed_in_the_minimal_CRD(string file, Type spec, Type status)
    {
        var schema = Schema(file);
        var missing = new List<string>();

        Collect(spec, schema["properties"]!["spec"]!.AsObject(), "spec", missing);
        Collect(status, schema["properties"]!["status"]!.AsObject(), "status", missing);

        missing.Should().BeEmpty($"config/crd/{file} must describe what Mesh writes and reads");
    }

    [Fact]
    public void A_workload_Certificate_as_the_operator_writes_it_passes_the_Certificate_CRD()
    {
        var certificate = new Certificate
        {
            Metadata = new V1ObjectMeta { Name = "reviews", NamespaceProperty = "shop" },
            Spec = new CertificateSpec
            {
                SecretName = "mesh-workload-reviews",
                Duration = "24h",
                RenewBefore = "12h",
                Uris = ["spiffe://cluster.local/ns/shop/sa/reviews"],
                IssuerRef = new() { Name = "payments-ca", Kind = "Issuer", Group = "cert-manager.io" },
                PrivateKey = new() { Algorithm = PrivateKeyValues.Ecdsa, Size = 256, Encoding = PrivateKeyValues.Pkcs8, RotationPolicy = PrivateKeyValues.RotateAlways },
                Usages = [.. CertificateUsages.Workload],
            },
        };
        var json = JsonNode.Parse(KubernetesJson.Serialize(certificate))!.AsObject();

        var result = CrdAdmission.Admit("cert-manager.io_certificates.yaml", json);

        CrdAdmission.Describe(result).Should().BeEmpty();
    }

    [Fact]
    public void The_minimal_CRDs_name_the_resources_the_entity_attributes_use()
    {
        foreach (var (file, kind, plural, scope) in new[]
        {
            ("cert-manager.io_certificates.yaml", Certificate.KubeKind, Certificate.KubePluralName, "Namespaced"),
            ("cert-manager.io_issuers.yaml", Issuer.KubeKind, Issuer.KubePluralName, "Namespaced"),
            ("cert-manager.io_clusterissuers.yaml", ClusterIssuer.KubeKind, ClusterIssuer.KubePluralName, "Cluster"),
        })
        {
            var crd = YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.Crd, file)))!;
            ((string?)crd["metadata"]!["name"]).Should().Be($"{plural}.{Certificate.KubeGroup}");
            ((string?)crd["spec"]!["names"]!["kind"]).Should().Be(kind);
            ((string?)crd["spec"]!["scope"]).Should().Be(scope);
            ((string?)crd["spec"]!["versions"]![0]!["name"]).Should().Be(Certificate.KubeApiVersion);
        }
    }

    private static JsonObject Schema(string file) =>
        YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.Crd, file)))!
            ["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();

    private static void Collect(Type type, JsonObject schema, string path, List<string> missing)
    {
        foreach (var property in EntityModel.JsonProperties(type))
        {
            var name = EntityModel.JsonName(property);
            if (schema["properties"]?[name] is not JsonObject child)
            {
                missing.Add($"{path}.{name}");
                continue;
            }

            var propertyType = EntityModel.Unwrap(property.PropertyType);
            propertyType = EntityModel.ListItem(propertyType) is { } item ? item : propertyType;
            if (!EntityModel.IsScalar(propertyType) && EntityModel.MapValue(propertyType) is null)
            {
                Collect(propertyType, child["items"] as JsonObject ?? child, $"{path}.{name}", missing);
            }
        }
    }
}
