using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>A route backend or mirror resolved to a service port (and subset): one outbound cluster.</summary>
internal sealed record ResolvedDestination(MeshService Service, ServicePort Port, string? Subset)
{
    public string ClusterName => XdsNames.OutboundCluster(Port.Port, Subset, Service.Host);
}
