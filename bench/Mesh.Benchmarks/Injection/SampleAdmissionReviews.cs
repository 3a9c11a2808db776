using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.LocalCluster.Http;
using Mesh.Operator.Entities;
using Mesh.Operator.Local;

namespace Mesh.Benchmarks.Injection;

/// <summary>
/// The pods the samples' Deployments and Jobs make (local mode's simulation), each as the AdmissionReview
/// kube-apiserver would send for its creation, and the samples' MeshPolicies.
/// </summary>
internal sealed class SampleAdmissionReviews
{
    private SampleAdmissionReviews(IReadOnlyList<MeshPolicy> policies, IReadOnlyList<(string Name, byte[] Body)> reviews)
    {
        Policies = policies;
        Reviews = reviews;
    }

    public IReadOnlyList<MeshPolicy> Policies { get; }

    public IReadOnlyList<(string Name, byte[] Body)> Reviews { get; }

    public static SampleAdmissionReviews Load()
    {
        var samples = Path.Combine(RepoRoot(), "config", "samples");
        var documents = Directory.GetDirectories(samples).Where(d => Path.GetFileName(d) != "invalid")
            .SelectMany(d => Directory.GetFiles(d, "*.yaml")).Order(StringComparer.Ordinal)
            .SelectMany(f => YamlToJson.Documents(File.ReadAllText(f))).ToList();
        List<T> Of<T>(string kind) => documents.Where(d => (string?)d["kind"] == kind).Select(d => KubernetesJson.Deserialize<T>(d.ToJsonString())).ToList();
        var created = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var policies = Of<MeshPolicy>("MeshPolicy");
        foreach (var policy in policies)
        {
            policy.Metadata.CreationTimestamp = created;
        }
        var pods = WorkloadSimulator.Simulate(Of<V1Deployment>("Deployment"), Of<V1Job>("Job"), Of<V1Service>("Service")).Pods;
        var reviews = pods.Select(pod =>
        {
            var json = JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject();
            json.Remove("status");
            var review = new JsonObject
            {
                ["apiVersion"] = "admission.k8s.io/v1",
                ["kind"] = "AdmissionReview",
                ["request"] = new JsonObject
                {
                    ["uid"] = Guid.NewGuid().ToString(),
                    ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                    ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                    ["namespace"] = pod.Metadata.NamespaceProperty,
                    ["operation"] = "CREATE",
                    ["object"] = json,
                },
            };
            return ($"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}", Encoding.UTF8.GetBytes(review.ToJsonString()));
        }).ToList();
        return new SampleAdmissionReviews(policies, reviews);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run from inside the repository: Mesh.sln was not found above " + AppContext.BaseDirectory);
    }
}
