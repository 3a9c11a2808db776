using Mesh.Operator.Runtime;
using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Status;

namespace Mesh.Operator.Publishing;

/// <summary>
/// Which MeshPolicies a proxy event concerns (pure): those named by the labels of what the proxy receives, ACKed or
/// rejected, and, for a sidecar, the policies of its namespace (their status counts its unknown pod, if it is one).
/// </summary>
public static class ProxyEventKeys
{
    public static IEnumerable<ObjectKey> Of(ProxyEvent change, Func<string, IEnumerable<ObjectKey>> policiesInNamespace)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(policiesInNamespace);
        var keys = new HashSet<ObjectKey>();
        foreach (var label in change.Labels.Keys)
        {
            if (PolicyLabels.TryParse(label, out var ns, out var name))
            {
                keys.Add(ObjectKey.Create(ns, name));
            }
        }

        if (SidecarNodeId.TryParse(change.NodeId, out _) is { } sidecar)
        {
            keys.UnionWith(policiesInNamespace(sidecar.Namespace));
        }

        return keys;
    }
}
