namespace Mesh.LocalCluster.Proxying;

/// <summary>The <c>{name}</c> segment of <c>pods/{name}/proxy</c>: <c>name</c>, <c>name:port</c> or <c>scheme:name:port</c>.</summary>
internal sealed record PodProxyTarget(string Scheme, string Name, string Port)
{
    /// <summary>As apimachinery's SplitSchemeNamePort: null when there are more than three parts, no name, or a scheme other than http/https.</summary>
    public static PodProxyTarget? Parse(string id)
    {
        var parts = id.Split(':');
        var (scheme, name, port) = parts.Length switch
        {
            1 => ("", parts[0], ""),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => ("", "", ""),
        };
        return name.Length > 0 && scheme is "" or "http" or "https" ? new PodProxyTarget(scheme, name, port) : null;
    }
}
