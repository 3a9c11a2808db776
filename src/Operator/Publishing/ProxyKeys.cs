using Envoy.Config.Core.V3;

namespace Mesh.Operator.Publishing;

/// <summary>
/// Which snapshot a connecting proxy gets. Sidecars announce themselves Istio-style
/// (<c>sidecar~&lt;ip&gt;~&lt;pod&gt;.&lt;ns&gt;~&lt;ns&gt;.svc.cluster.local</c>) and share one snapshot per namespace;
/// every other node (proxyless gRPC clients) shares the proxyless snapshot.
/// </summary>
public static class ProxyKeys
{
    public const string Proxyless = "proxyless";

    public static string Sidecar(string @namespace) => "sidecar/" + @namespace;

    public static string Of(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var parts = node.Id.Split('~');
        if (parts.Length == 4 && parts[0] == "sidecar")
        {
            var domain = parts[3];
            var dot = domain.IndexOf('.', StringComparison.Ordinal);
            return Sidecar(dot > 0 ? domain[..dot] : domain);
        }
        return Proxyless;
    }
}
