using System.Text.Json.Nodes;
using static Mesh.LocalCluster.Semantics.Defaults.JsonDefaults;

namespace Mesh.LocalCluster.Semantics.Defaults;

/// <summary>
/// kube-apiserver's Service defaults (pkg/apis/core/v1 defaults.go SetDefaults_Service) plus the IP family fields
/// the Service registry fills on a single-stack IPv4 cluster. ClusterIP allocation is stateful: <see cref="ServiceIpAllocator"/>.
/// </summary>
internal static class ServiceDefaults
{
    public static void Apply(JsonObject service)
    {
        var spec = Ensure(service, "spec");
        Set(spec, "sessionAffinity", "None");
        if (String(spec, "sessionAffinity") == "None")
        {
            spec.Remove("sessionAffinityConfig");
        }
        else if (String(spec, "sessionAffinity") == "ClientIP"
            && Child(Child(spec, "sessionAffinityConfig"), "clientIP")?["timeoutSeconds"] is null)
        {
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = 10800 } };
        }

        Set(spec, "type", "ClusterIP");
        var type = String(spec, "type");
        foreach (var port in Items(spec, "ports"))
        {
            Set(port, "protocol", "TCP");
            if (port["targetPort"] is null || port["targetPort"]!.ToJsonString() is "0" or "\"\"")
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }

        if (type is "NodePort" or "LoadBalancer" || (spec["externalIPs"] is JsonArray { Count: > 0 }))
        {
            Set(spec, "externalTrafficPolicy", "Cluster");
        }

        if (type is "ClusterIP" or "NodePort" or "LoadBalancer")
        {
            Set(spec, "internalTrafficPolicy", "Cluster");
        }

        if (type == "LoadBalancer")
        {
            Set(spec, "allocateLoadBalancerNodePorts", true);
        }

        if (type != "ExternalName")
        {
            // Single-stack IPv4 (the service range is 10.96.0.0/12), as the registry defaults both when absent.
            Set(spec, "ipFamilies", new JsonArray("IPv4"));
            Set(spec, "ipFamilyPolicy", "SingleStack");
        }
    }
}
