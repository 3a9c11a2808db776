using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Meshctl.Cli;
using Mesh.Meshctl.Kube;

namespace Mesh.Meshctl.Proxies;

/// <summary>
/// <c>meshctl proxy-config clusters|listeners|routes|endpoints|secrets|bootstrap POD.NAMESPACE [-o short|json|yaml]</c>:
/// the resources the proxy runs (the last version it ACKed, as the serving replica holds them), in Envoy's config-dump
/// JSON with key material redacted; short tables like istioctl's. bootstrap is the namespace's bootstrap ConfigMap
/// (written by the operator's bootstrap builder, mounted by the pod) with the node Envoy's flags give that pod.
/// </summary>
internal static class ProxyConfigCommand
{
    public static Command Create(Option<string?> kubeconfig, TextWriter stdout)
    {
        var command = new Command("proxy-config", "Show the xDS config one proxy runs: clusters, listeners, routes, endpoints, secrets or bootstrap.");
        command.Aliases.Add("pc");
        foreach (var kind in ConfigDumpKind.All)
        {
            command.Subcommands.Add(Section(kind.Word, $"The {kind.Word} the proxy ACKed.", kubeconfig, stdout, (client, pod, ct) => DumpAsync(client, pod, kind, ct)));
        }
        command.Subcommands.Add(Section("bootstrap", "The proxy's Envoy bootstrap (the namespace's ConfigMap and the pod's node).", kubeconfig, stdout,
            (client, pod, ct) => BootstrapReader.ReadAsync(client, pod, ct)));
        return command;
    }

    private delegate Task<(JsonNode Dump, IReadOnlyList<JsonElement> Items, string? Note)> Reader(k8s.Kubernetes client, PodName pod, CancellationToken ct);

    private static Command Section(string word, string description, Option<string?> kubeconfig, TextWriter stdout, Reader read)
    {
        var pod = new Argument<string>("POD.NAMESPACE") { Description = "The pod whose proxy to show (POD.NAMESPACE, or POD with -n)." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The namespace of POD." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "short (a table), json or yaml (Envoy's config dump).",
            DefaultValueFactory = _ => word == "bootstrap" ? "json" : "short",
        };
        output.AcceptOnlyFromAmong("short", "json", "yaml");
        var command = new Command(word, description) { pod, ns, output, kubeconfig };
        command.SetAction(async (result, ct) =>
        {
            var target = PodName.Parse(result.GetValue(pod)!, result.GetValue(ns));
            using var client = KubeClientFactory.Create(result.GetValue(kubeconfig));
            var (dump, items, note) = await read(client, target, ct).ConfigureAwait(false);
            switch (result.GetValue(output))
            {
                case "json":
                    await stdout.WriteLineAsync(dump.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                    break;
                case "yaml":
                    await stdout.WriteAsync(JsonYaml.Write(dump)).ConfigureAwait(false);
                    break;
                default:
                    if (word == "bootstrap")
                    {
                        BootstrapReader.WriteShort(stdout, dump);
                    }
                    else
                    {
                        ConfigDumpTables.Write(stdout, word, items);
                        if (note is not null)
                        {
                            await stdout.WriteLineAsync(note).ConfigureAwait(false);
                        }
                    }
                    break;
            }
            return 0;
        });
        return command;
    }

    /// <summary>The section of the pod's config dump, from the replica that serves its proxy.</summary>
    private static async Task<(JsonNode, IReadOnlyList<JsonElement>, string?)> DumpAsync(k8s.Kubernetes client, PodName pod, ConfigDumpKind kind, CancellationToken ct)
    {
        var controlPlane = new ControlPlaneClient(client);
        var proxy = await new ProxyDirectory(controlPlane).OfAsync(pod, ct).ConfigureAwait(false);
        var replica = (await controlPlane.ReplicasAsync(ct).ConfigureAwait(false)).First(r => r.Name == proxy.Replica);
        var (status, body) = await controlPlane.GetAsync(replica, $"debug/xds/config/{proxy.NodeId}", ct).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound)
        {
            throw new CommandFailure($"the proxy of pod {pod.Namespace}/{pod.Name} disconnected from {replica.Name} meanwhile; run the command again.");
        }
        var root = JsonNode.Parse(body)!;
        var section = root["configs"]?.AsArray().FirstOrDefault(c => (string?)c?["@type"] == kind.DumpType)?.DeepClone()
            ?? new JsonObject { ["@type"] = kind.DumpType, [kind.ListField] = new JsonArray() };
        using var doc = JsonDocument.Parse(section.ToJsonString());
        var items = doc.RootElement.TryGetProperty(kind.ListField, out var list)
            ? list.EnumerateArray().Select(i => ItemOf(i, kind.ItemField)).ToList()
            : [];
        var type = kind.Word switch { "clusters" => "CDS", "listeners" => "LDS", "routes" => "RDS", "endpoints" => "EDS", _ => "SDS" };
        var note = proxy.Types.TryGetValue(type, out var state) && state.State == "NACKED" && state.LastNack is { } nack
            ? $"Note: the proxy NACKed {type} version {nack.RejectedVersion} ({nack.Error}); shown is what it runs, the last version it ACKed ({state.AckedVersion ?? "none"})."
            : null;
        return (section, items, note);
    }

    /// <summary>The resource inside a dump entry (listeners may be wrapped in active_state, as Envoy writes them).</summary>
    private static JsonElement ItemOf(JsonElement entry, string field) =>
        entry.TryGetProperty(field, out var item) ? item.Clone()
        : entry.TryGetProperty("active_state", out var active) && active.TryGetProperty(field, out var inner) ? inner.Clone()
        : entry.Clone();
}
