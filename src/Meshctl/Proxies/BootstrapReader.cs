using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.Meshctl.Cli;
using Mesh.Meshctl.Kube;
using Mesh.XdsServer.Contract;

namespace Mesh.Meshctl.Proxies;

/// <summary>
/// The bootstrap a pod's Envoy starts with, as an envoy.admin.v3.BootstrapConfigDump: the namespace's ConfigMap
/// (the operator's bootstrap builder writes it, the pod mounts it), the node that --service-node/--service-cluster
/// give this pod, and its --config-yaml (per-pod probe routes) merged as Envoy merges it (objects field by field,
/// lists appended).
/// </summary>
internal static class BootstrapReader
{
    public const string DumpType = "type.googleapis.com/envoy.admin.v3.BootstrapConfigDump";

    public static async Task<(JsonNode Dump, IReadOnlyList<JsonElement> Items, string? Note)> ReadAsync(Kubernetes client, PodName name, CancellationToken ct)
    {
        var pod = await new ProxyDirectory(new ControlPlaneClient(client)).RequirePodAsync(name, ct).ConfigureAwait(false);
        var proxy = pod.Spec?.Containers?.Concat(pod.Spec.InitContainers ?? []).FirstOrDefault(c => c.Name == SidecarContract.ProxyContainerName)
            ?? throw new CommandFailure($"pod {name.Namespace}/{name.Name} has no {SidecarContract.ProxyContainerName} container, so no bootstrap; meshctl describe pod {name} says why it has no sidecar.");
        V1ConfigMap map;
        try
        {
            map = await KubeClientFactory.Call(client, $"get configmaps in {name.Namespace}",
                () => client.CoreV1.ReadNamespacedConfigMapAsync(SidecarContract.BootstrapConfigMap, name.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new CommandFailure($"ConfigMap {name.Namespace}/{SidecarContract.BootstrapConfigMap} is missing, so the pod's Envoy cannot start; the operator writes it for a namespace with a MeshPolicy: check the policy's status (kubectl describe meshpolicy -n {name.Namespace}).");
        }
        if (map.Data?.TryGetValue(SidecarContract.BootstrapFile, out var text) != true || JsonNode.Parse(text!) is not JsonObject bootstrap)
        {
            throw new CommandFailure($"ConfigMap {name.Namespace}/{SidecarContract.BootstrapConfigMap} holds no {SidecarContract.BootstrapFile}; delete it so that the operator writes it again.");
        }

        var args = proxy.Args ?? [];
        string? Arg(string flag) => args.Select((a, i) => (a, i)).Where(x => x.a == flag && x.i + 1 < args.Count).Select(x => args[x.i + 1]).FirstOrDefault();
        var podIp = pod.Status?.PodIP ?? "";
        bootstrap["node"] = new JsonObject
        {
            ["id"] = SidecarContract.NodeId(podIp, name.Name, name.Namespace),
            ["cluster"] = (Arg("--service-cluster") ?? "").Replace("$(POD_NAMESPACE)", name.Namespace, StringComparison.Ordinal),
        };
        if (Arg("--config-yaml") is { } extra && TryJson(extra) is JsonObject overlay)
        {
            Merge(bootstrap, overlay);
        }
        var dump = new JsonObject { ["@type"] = DumpType, ["bootstrap"] = bootstrap };
        return (dump, [], null);
    }

    // The ConfigMap's JSON keeps proto field names (snake_case), as Envoy's own files do.
    /// <summary>The essentials: node, admin, the xDS server and the static listeners and clusters.</summary>
    public static void WriteShort(TextWriter output, JsonNode dump)
    {
        var b = dump["bootstrap"]!;
        string Address(JsonNode? a) => $"{a?["socket_address"]?["address"]}:{a?["socket_address"]?["port_value"]}";
        output.WriteLine($"Node:       {b["node"]?["id"]} (cluster {b["node"]?["cluster"]})");
        output.WriteLine($"Admin:      {Address(b["admin"]?["address"])}");
        output.WriteLine($"xDS:        {b["dynamic_resources"]?["ads_config"]?["api_type"]} over cluster {b["dynamic_resources"]?["ads_config"]?["grpc_services"]?[0]?["envoy_grpc"]?["cluster_name"]}");
        var listeners = b["static_resources"]?["listeners"]?.AsArray() ?? [];
        var clusters = b["static_resources"]?["clusters"]?.AsArray() ?? [];
        output.WriteLine($"Listeners:  {string.Join(", ", listeners.Select(l => $"{l?["name"]} {Address(l?["address"])}"))}");
        output.WriteLine($"Clusters:   {string.Join(", ", clusters.Select(c => c?["name"]?.ToString()))}");
    }

    private static JsonNode? TryJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay.ToList())
        {
            var copy = value?.DeepClone();
            if (target[key] is JsonObject to && copy is JsonObject from)
            {
                Merge(to, from);
            }
            else if (target[key] is JsonArray list && copy is JsonArray more)
            {
                foreach (var item in more.ToList())
                {
                    more.Remove(item);
                    list.Add(item);
                }
            }
            else
            {
                target[key] = copy;
            }
        }
    }
}
