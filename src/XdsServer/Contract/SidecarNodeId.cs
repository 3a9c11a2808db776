namespace Mesh.XdsServer.Contract;

/// <summary>A parsed sidecar node id (<see cref="SidecarContract.NodeId"/>).</summary>
public sealed record SidecarNodeId(string PodIp, string Pod, string Namespace)
{
    /// <summary>
    /// Parses <c>sidecar~&lt;ip&gt;~&lt;pod&gt;.&lt;ns&gt;~&lt;ns&gt;.svc.cluster.local</c>. Null when the id is not a sidecar id
    /// (a proxyless client) or is malformed; <paramref name="error"/> then says why for an id that starts like one.
    /// </summary>
    public static SidecarNodeId? TryParse(string? id, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(id) || !id.StartsWith("sidecar~", StringComparison.Ordinal))
        {
            return null;
        }
        var parts = id.Split('~');
        if (parts.Length != 4 || parts[1].Length == 0 || parts[2].Length == 0 || parts[3].Length == 0)
        {
            error = $"node id '{id}' is not sidecar~<podIP>~<pod>.<namespace>~<namespace>.svc.cluster.local";
            return null;
        }
        var dot = parts[2].LastIndexOf('.');
        var domainDot = parts[3].IndexOf('.', StringComparison.Ordinal);
        var ns = domainDot > 0 ? parts[3][..domainDot] : parts[3];
        if (dot <= 0 || dot == parts[2].Length - 1 || parts[2][(dot + 1)..] != ns)
        {
            error = $"node id '{id}': the pod part '{parts[2]}' must be <pod>.<namespace> with the namespace of '{parts[3]}'";
            return null;
        }
        return new SidecarNodeId(parts[1], parts[2][..dot], ns);
    }
}
