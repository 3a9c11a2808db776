using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Mesh.XdsServer.Translation;

namespace Mesh.Operator.WhatIf;

/// <summary>The xDS types by the short names istioctl proxy-config uses, in push order, and the resources of one proxy by them.</summary>
internal static class ResourceTypes
{
    public static readonly string[] All = ["clusters", "endpoints", "listeners", "routes", "secrets"];

    public static int Order(string type) => Array.IndexOf(All, type);

    /// <summary>(type, name) -> message for every resource of one translation.</summary>
    public static Dictionary<(string Type, string Name), IMessage> Index(TranslatedResources resources)
    {
        var index = new Dictionary<(string, string), IMessage>();
        foreach (Cluster c in resources.Clusters)
        {
            index[("clusters", c.Name)] = c;
        }
        foreach (ClusterLoadAssignment e in resources.Endpoints)
        {
            index[("endpoints", e.ClusterName)] = e;
        }
        foreach (Listener l in resources.Listeners)
        {
            index[("listeners", l.Name)] = l;
        }
        foreach (RouteConfiguration r in resources.Routes)
        {
            index[("routes", r.Name)] = r;
        }
        foreach (Secret s in resources.Secrets)
        {
            index[("secrets", s.Name)] = s;
        }
        return index;
    }
}
