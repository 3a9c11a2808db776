using System.Text.Json.Nodes;
using k8s;
using Mesh.Operator.Entities.CertManager;

namespace Mesh.Operator.Entities.Tests;

public sealed class SampleRoundTripTests
{
    public static TheoryData<string, int> MeshPolicySamples() => Samples(MeshPolicy.KubeGroupVersion, MeshPolicy.KubeKind);

    public static TheoryData<string, int> IssuerSamples() =>
        Samples("cert-manager.io/v1", Issuer.KubeKind, ClusterIssuer.KubeKind);

    [Fact]
    public void The_samples_hold_at_least_one_MeshPolicy_per_demo_namespace()
    {
        SampleDocuments.OfKind(MeshPolicy.KubeGroupVersion, MeshPolicy.KubeKind)
            .Select(d => (string?)d.Tree["metadata"]!["namespace"])
            .Should().Contain(["shop", "payments", "legacy", "batch"]);
    }

    [Theory]
    [MemberData(nameof(MeshPolicySamples))]
    public void A_sample_MeshPolicy_read_with_KubernetesYaml_serializes_back_to_the_same_JSON(string file, int index)
    {
        var document = Find(file, index);

        var policy = KubernetesYaml.Deserialize<MeshPolicy>(document.Yaml, strict: true);

        ShouldMatch(document, JsonNode.Parse(KubernetesJson.Serialize(policy)));
    }

    [Theory]
    [MemberData(nameof(MeshPolicySamples))]
    public void A_sample_MeshPolicy_read_with_KubernetesJson_serializes_back_to_the_same_JSON(string file, int index)
    {
        var document = Find(file, index);

        var policy = KubernetesJson.Deserialize<MeshPolicy>(document.Tree.ToJsonString());

        ShouldMatch(document, JsonNode.Parse(KubernetesJson.Serialize(policy)));
    }

    [Theory]
    [MemberData(nameof(MeshPolicySamples))]
    public void A_sample_MeshPolicy_written_with_KubernetesYaml_reads_back_the_same(string file, int index)
    {
        var document = Find(file, index);
        var policy = KubernetesJson.Deserialize<MeshPolicy>(document.Tree.ToJsonString());

        var yaml = KubernetesYaml.Serialize(policy);

        ShouldMatch(document, YamlTree.Load(yaml));
    }

    [Theory]
    [MemberData(nameof(IssuerSamples))]
    public void A_sample_cert_manager_issuer_survives_a_round_trip_through_the_typed_model(string file, int index)
    {
        var document = Find(file, index);

        object issuer = document.Kind == Issuer.KubeKind
            ? KubernetesYaml.Deserialize<Issuer>(document.Yaml, strict: true)
            : KubernetesYaml.Deserialize<ClusterIssuer>(document.Yaml, strict: true);

        ShouldMatch(document, JsonNode.Parse(KubernetesJson.Serialize(issuer)));
    }

    [Fact]
    public void A_round_trip_that_loses_a_field_is_reported_by_its_path()
    {
        var differences = new List<string>();

        YamlTree.Compare(
            YamlTree.Load("spec: {a: 1, b: [x, y]}"), YamlTree.Load("spec: {a: 1.0, b: [x]}"), "$", differences);
        YamlTree.Compare(YamlTree.Load("spec: {c: true}"), YamlTree.Load("spec: {}"), "$", differences);

        differences.Should().Equal("$.spec.b: 2 items became 1", "$.spec.c: lost (was true)");
    }

    private static TheoryData<string, int> Samples(string apiVersion, params string[] kinds)
    {
        var data = new TheoryData<string, int>();
        foreach (var document in kinds.SelectMany(kind => SampleDocuments.OfKind(apiVersion, kind)))
        {
            data.Add(document.File, document.Index);
        }

        return data;
    }

    private static SampleDocuments.Document Find(string file, int index) =>
        SampleDocuments.Valid().Single(d => d.File == file && d.Index == index);

    private static void ShouldMatch(SampleDocuments.Document document, JsonNode? actual)
    {
        var differences = new List<string>();
        YamlTree.Compare(document.Tree, YamlTree.Normalize(actual), "$", differences);
        differences.Should().BeEmpty($"{document.File} (document {document.Index}) must survive the round trip without loss");
    }
}
