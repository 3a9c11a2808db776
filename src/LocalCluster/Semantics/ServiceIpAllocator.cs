using System.Net;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Semantics;

/// <summary>
/// ClusterIP and NodePort allocation as the Service registry does it (pkg/registry/core/service/ipallocator,
/// portallocator): IPs from the service range 10.96.0.0/12 (kube-apiserver's --service-cluster-ip-range default in
/// kubeadm and kind), the headless "None" kept, ExternalName services without one; immutable on update (an update that
/// omits them keeps the allocated values); released on delete because what is allocated is read from the stored
/// Services, never kept aside. Dynamic IPs come from above the static band (the first 256 addresses, kept for users
/// who pick an IP), lowest free first, so that local mode is reproducible. Call under the store gate.
/// </summary>
internal static class ServiceIpAllocator
{
    public const string Range = "10.96.0.0/12";
    private const uint Base = (10u << 24) | (96u << 16);
    private const uint Size = 1u << 20;
    private const uint StaticBand = 256;
    private const int NodePortMin = 30000;
    private const int NodePortMax = 32767;

    private static readonly ResourceTypeKey Services = new("", "services");

    /// <summary>Fills spec.clusterIP(s) and node ports of <paramref name="service"/>; returns field errors.</summary>
    public static List<FieldCause> Allocate(ObjectStore store, JsonObject service, JsonObject? old)
    {
        var spec = service["spec"] as JsonObject ?? new JsonObject();
        service["spec"] = spec;
        var type = (string?)spec["type"] ?? "ClusterIP";
        var causes = new List<FieldCause>();
        var uid = (string?)old?["metadata"]?["uid"];
        if (old?["spec"] is JsonObject oldSpec)
        {
            KeepAllocated(spec, oldSpec, type, causes);
        }

        if (type == "ExternalName")
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
            return causes;
        }

        var requested = (string?)spec["clusterIP"] ?? (string?)(spec["clusterIPs"] as JsonArray)?.FirstOrDefault();
        if (requested is null or "")
        {
            var ip = NextFree(UsedIps(store, uid));
            if (ip is null)
            {
                causes.Add(FieldCause.Invalid("spec.clusterIPs", "[]", $"failed to allocate IP: range is full ({Range})"));
                return causes;
            }

            requested = ip;
        }
        else if (requested != "None" && old is null)
        {
            if (!IPAddress.TryParse(requested, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
                || !InRange(ToUInt(address)))
            {
                causes.Add(FieldCause.Invalid("spec.clusterIPs", $"[]string{{\"{requested}\"}}",
                    $"failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. The range of valid IPs is {Range}"));
                return causes;
            }

            if (UsedIps(store, uid).Contains(ToUInt(address)))
            {
                causes.Add(FieldCause.Invalid("spec.clusterIPs", $"[]string{{\"{requested}\"}}",
                    $"failed to allocate IP {requested}: provided IP is already allocated"));
                return causes;
            }
        }

        spec["clusterIP"] = requested;
        spec["clusterIPs"] = new JsonArray(requested);
        if (type is "NodePort" or "LoadBalancer" && (type != "LoadBalancer" || spec["allocateLoadBalancerNodePorts"]?.GetValue<bool>() != false))
        {
            AllocateNodePorts(store, spec, uid, causes);
        }

        return causes;
    }

    /// <summary>The update rules: omitted allocated values are kept; a changed ClusterIP is refused.</summary>
    private static void KeepAllocated(JsonObject spec, JsonObject oldSpec, string type, List<FieldCause> causes)
    {
        var oldIp = (string?)oldSpec["clusterIP"];
        var newIp = (string?)spec["clusterIP"] ?? (string?)(spec["clusterIPs"] as JsonArray)?.FirstOrDefault();
        if (type != "ExternalName" && oldIp is { Length: > 0 })
        {
            if (newIp is null or "")
            {
                spec["clusterIP"] = oldIp;
                spec["clusterIPs"] = oldSpec["clusterIPs"]?.DeepClone() ?? new JsonArray(oldIp);
            }
            else if (newIp != oldIp)
            {
                causes.Add(FieldCause.Invalid("spec.clusterIPs[0]", $"\"{newIp}\"", "may not change once set"));
            }
        }

        var oldPorts = (oldSpec["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        foreach (var port in (spec["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (port["nodePort"] is null && oldPorts.FirstOrDefault(p => SamePort(p, port))?["nodePort"] is { } nodePort)
            {
                port["nodePort"] = nodePort.DeepClone();
            }
        }
    }

    private static bool SamePort(JsonObject a, JsonObject b) =>
        a["port"]?.ToJsonString() == b["port"]?.ToJsonString() && (string?)a["protocol"] == (string?)b["protocol"];

    private static void AllocateNodePorts(ObjectStore store, JsonObject spec, string? uid, List<FieldCause> causes)
    {
        var used = store.List(Services, null).Where(s => s.Uid != uid)
            .SelectMany(s => (s.Object["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Select(p => p["nodePort"]?.GetValue<int>() ?? 0).ToHashSet();
        var ports = (spec["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        foreach (var (port, index) in ports.Select((p, i) => (p, i)))
        {
            if (port["nodePort"]?.GetValue<int>() is { } requested and > 0)
            {
                if (requested is < NodePortMin or > NodePortMax || used.Contains(requested))
                {
                    causes.Add(FieldCause.Invalid($"spec.ports[{index}].nodePort", requested.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        requested is < NodePortMin or > NodePortMax
                            ? $"provided port is not in the valid range. The range of valid ports is {NodePortMin}-{NodePortMax}"
                            : "provided port is already allocated"));
                }

                used.Add(requested);
                continue;
            }

            var free = Enumerable.Range(NodePortMin, NodePortMax - NodePortMin + 1).FirstOrDefault(p => !used.Contains(p));
            port["nodePort"] = free;
            used.Add(free);
        }
    }

    private static HashSet<uint> UsedIps(ObjectStore store, string? exceptUid) =>
        store.List(Services, null).Where(s => s.Uid != exceptUid)
            .Select(s => (string?)s.Object["spec"]?["clusterIP"])
            .Where(ip => ip is not (null or "" or "None") && IPAddress.TryParse(ip, out _))
            .Select(ip => ToUInt(IPAddress.Parse(ip!)))
            .ToHashSet();

    private static string? NextFree(HashSet<uint> used)
    {
        for (var offset = StaticBand + 1; offset < Size - 1; offset++)
        {
            if (!used.Contains(Base + offset))
            {
                return ToAddress(Base + offset);
            }
        }

        return null;
    }

    private static bool InRange(uint ip) => ip > Base && ip < Base + Size - 1;

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static string ToAddress(uint ip) => $"{ip >> 24}.{(ip >> 16) & 255}.{(ip >> 8) & 255}.{ip & 255}";
}
