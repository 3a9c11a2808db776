using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// The comparer of the chaos tests: every object a MeshPolicy owns (Secrets, ConfigMaps, NetworkPolicies, cert-manager
/// Certificates), keyed by kind/namespace/name, with a hash of its content (metadata bookkeeping left out), plus the
/// problems an owned set can have: a child whose owner no longer exists (orphan), a child with two MeshPolicy owners.
/// Two snapshots of the same API state taken after two different operators converged must be equal.
/// </summary>
internal sealed record ChildSnapshot(IReadOnlyDictionary<string, string> Children, IReadOnlyList<string> Problems)
{
    private static readonly (string Path, string Kind)[] Collections =
    [
        ("/api/v1/secrets", "Secret"),
        ("/api/v1/configmaps", "ConfigMap"),
        ("/apis/networking.k8s.io/v1/networkpolicies", "NetworkPolicy"),
        ("/apis/cert-manager.io/v1/certificates", "Certificate"),
    ];

    public static async Task<ChildSnapshot> TakeAsync(Kubernetes client)
    {
        var policies = await ListAsync(client, "/apis/mesh.dev/v1alpha1/meshpolicies");
        var uids = policies.Select(p => (string?)p["metadata"]!["uid"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var children = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (path, kind) in Collections)
        {
            foreach (var item in await ListAsync(client, path))
            {
                var metadata = item["metadata"]!.AsObject();
                var owners = (metadata["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(o => (string?)o["kind"] == "MeshPolicy").ToList();
                if (owners.Count == 0)
                {
                    continue;
                }

                var key = $"{kind} {metadata["namespace"]}/{metadata["name"]}";
                if (owners.Count > 1)
                {
                    problems.Add($"{key} has {owners.Count} MeshPolicy owners");
                }

                problems.AddRange(owners.Where(o => !uids.Contains((string?)o["uid"] ?? "")).Select(o => $"{key} is an orphan of MeshPolicy {o["name"]}"));
                children[key] = Hash(item);
            }
        }

        return new ChildSnapshot(children, problems);
    }

    private static string Hash(JsonObject item)
    {
        var copy = item.DeepClone().AsObject();
        var metadata = copy["metadata"]!.AsObject();
        foreach (var field in (string[])["resourceVersion", "managedFields", "generation", "creationTimestamp", "uid"])
        {
            metadata.Remove(field);
        }

        copy.Remove("status");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(copy.ToJsonString())))[..16];
    }

    private static async Task<IReadOnlyList<JsonObject>> ListAsync(Kubernetes client, string path)
    {
        using var response = await client.HttpClient.GetAsync(new Uri(client.BaseUri, path.TrimStart('/')));
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }
}
