using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Entities.CertManager;

namespace Mesh.Operator.Entities.Tests;

public sealed class SerializationTests
{
    [Fact]
    public void A_status_condition_serializes_as_metav1_Condition()
    {
        var status = new MeshPolicyStatus
        {
            ObservedGeneration = 3,
            Conditions =
            [
                new Condition
                {
                    Type = ConditionTypes.Ready, Status = ConditionStatus.False, ObservedGeneration = 3,
                    LastTransitionTime = new DateTime(2026, 11, 25, 19, 0, 0, DateTimeKind.Utc),
                    Reason = ConditionReasons.WorkloadsNotReady, Message = "2 of 4 pods run an older sidecar template.",
                },
            ],
            Proxies = new ProxiesStatus { Connected = 8, Acked = 8 },
        };

        var json = JsonNode.Parse(KubernetesJson.Serialize(status))!;

        json["conditions"]![0]!.ToJsonString().Should().Be(
            """{"type":"Ready","status":"False","observedGeneration":3,"lastTransitionTime":"2026-11-25T19:00:00Z","reason":"WorkloadsNotReady","message":"2 of 4 pods run an older sidecar template."}""");
        json["proxies"]!.ToJsonString().Should().Be("""{"connected":8,"acked":8,"nacked":0,"unknown":0}""");
        json.AsObject().ContainsKey("lastRejection").Should().BeFalse("absent fields are omitted, not written as null");
    }

    [Fact]
    public void Enums_serialize_as_their_exact_names()
    {
        var spec = new MeshPolicySpec
        {
            Mtls = new() { Mode = MtlsMode.Strict, Certificates = new() { Provider = CertificateProvider.CertManager, IssuerRef = new() { Name = "ca", Kind = IssuerKind.ClusterIssuer } } },
            DefaultAuthorization = DefaultAuthorization.AllowSameNamespace,
            NetworkPolicy = new() { Mode = NetworkPolicyMode.Disabled },
        };

        KubernetesJson.Serialize(spec).Should().Be(
            """{"mtls":{"mode":"Strict","certificates":{"provider":"CertManager","issuerRef":{"name":"ca","kind":"ClusterIssuer"}}},"defaultAuthorization":"AllowSameNamespace","networkPolicy":{"mode":"Disabled"}}""");
        KubernetesJson.Deserialize<MeshPolicySpec>(KubernetesJson.Serialize(spec)).Mtls!.Mode.Should().Be(MtlsMode.Strict);
    }

    [Fact]
    public void An_unknown_enum_value_is_refused_when_read()
    {
        var read = () => KubernetesJson.Deserialize<MeshPolicySpec>("""{"mtls":{"mode":"Mutual"}}""");

        read.Should().Throw<System.Text.Json.JsonException>();
    }

    [Fact]
    public void Reading_an_enum_ignores_case_so_only_the_CRD_schema_refuses_a_wrongly_cased_value()
    {
        // System.Text.Json's enum converter reads case-insensitively; the API server's enum check is what refuses
        // "strict" (config/samples/invalid/mtls-mode-wrong-case.yaml).
        KubernetesJson.Deserialize<MeshPolicySpec>("""{"mtls":{"mode":"strict"}}""").Mtls!.Mode.Should().Be(MtlsMode.Strict);
    }

    [Fact]
    public void A_MeshPolicy_without_spec_fields_serializes_its_kind_and_an_empty_spec()
    {
        var policy = new MeshPolicy { Metadata = new V1ObjectMeta { Name = "shop", NamespaceProperty = "shop" } };

        KubernetesJson.Serialize(policy).Should().Be(
            """{"apiVersion":"mesh.dev/v1alpha1","kind":"MeshPolicy","metadata":{"name":"shop","namespace":"shop"},"spec":{}}""");
    }

    [Fact]
    public void A_workload_Certificate_serializes_with_cert_manager_field_names()
    {
        var certificate = new Certificate
        {
            Metadata = new V1ObjectMeta { Name = "reviews", NamespaceProperty = "shop", Labels = MeshLabels.ForPolicy("shop").ToDictionary() },
            Spec = new CertificateSpec
            {
                SecretName = "mesh-workload-reviews",
                SecretTemplate = new() { Labels = new Dictionary<string, string> { [MeshLabels.ManagedBy] = MeshLabels.ManagedByValue } },
                Duration = "24h",
                RenewBefore = "12h",
                Uris = ["spiffe://cluster.local/ns/shop/sa/reviews"],
                IssuerRef = new() { Name = "payments-ca", Kind = "Issuer", Group = "cert-manager.io" },
                PrivateKey = new() { Algorithm = PrivateKeyValues.Ecdsa, Size = 256, Encoding = PrivateKeyValues.Pkcs8, RotationPolicy = PrivateKeyValues.RotateAlways },
                Usages = [.. CertificateUsages.Workload],
            },
        };

        var json = JsonNode.Parse(KubernetesJson.Serialize(certificate))!;

        json["apiVersion"]!.GetValue<string>().Should().Be("cert-manager.io/v1");
        json["spec"]!.ToJsonString().Should().Be(
            """{"secretName":"mesh-workload-reviews","secretTemplate":{"labels":{"app.kubernetes.io/managed-by":"mesh-operator"}},"duration":"24h","renewBefore":"12h","uris":["spiffe://cluster.local/ns/shop/sa/reviews"],"issuerRef":{"name":"payments-ca","kind":"Issuer","group":"cert-manager.io"},"privateKey":{"algorithm":"ECDSA","size":256,"encoding":"PKCS8","rotationPolicy":"Always"},"usages":["digital signature","key encipherment","server auth","client auth"]}""");
    }

    [Fact]
    public void A_Certificate_status_written_by_cert_manager_reads_into_the_model()
    {
        var yaml = """
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: reviews, namespace: shop}
            spec:
              secretName: mesh-workload-reviews
              issuerRef: {name: payments-ca}
            status:
              conditions:
                - {type: Ready, status: "True", reason: Ready, message: Certificate is up to date and has not expired, lastTransitionTime: "2026-11-25T10:00:00Z", observedGeneration: 1}
              notBefore: "2026-11-25T10:00:00Z"
              notAfter: "2026-11-26T10:00:00Z"
              renewalTime: "2026-11-25T22:00:00Z"
              revision: 4
            """;

        var certificate = KubernetesYaml.Deserialize<Certificate>(yaml, strict: true);

        certificate.Status!.Conditions!.Single().Type.Should().Be(CertManagerConditionTypes.Ready);
        certificate.Status.NotAfter.Should().Be(new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc));
        certificate.Status.RenewalTime!.Value.Kind.Should().Be(DateTimeKind.Utc);
        certificate.Status.Revision.Should().Be(4);
        certificate.Spec.IssuerRef.Kind.Should().BeNull();
    }

    [Fact]
    public void The_entity_attributes_carry_the_names_the_client_uses_in_URLs()
    {
        var attribute = (KubernetesEntityAttribute)Attribute.GetCustomAttribute(typeof(MeshPolicy), typeof(KubernetesEntityAttribute))!;

        (attribute.Group, attribute.ApiVersion, attribute.Kind, attribute.PluralName)
            .Should().Be(("mesh.dev", "v1alpha1", "MeshPolicy", "meshpolicies"));
        var issuer = (KubernetesEntityAttribute)Attribute.GetCustomAttribute(typeof(ClusterIssuer), typeof(KubernetesEntityAttribute))!;
        (issuer.Group, issuer.PluralName).Should().Be(("cert-manager.io", "clusterissuers"));
    }
}
