using System.Collections.Concurrent;

namespace Mesh.LocalCluster;

/// <summary>
/// Where a Service's port really listens. No pod runs in local mode, so an admission webhook's
/// <c>clientConfig.service</c> (and pods/proxy) is resolved here to the process serving it, usually on loopback.
/// </summary>
public sealed class ServiceEndpointMap
{
    private readonly ConcurrentDictionary<(string Namespace, string Name, int Port), Uri> _targets = new();

    /// <summary>Routes calls to <c>&lt;name&gt;.&lt;namespace&gt;.svc:&lt;port&gt;</c> to <paramref name="target"/> (scheme, host and port; no path).</summary>
    public void Map(string @namespace, string name, int port, Uri target)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(target);
        _targets[(@namespace, name, port)] = target;
    }

    /// <summary>Forgets a mapping (the Service then has no reachable endpoint).</summary>
    public void Unmap(string @namespace, string name, int port) => _targets.TryRemove((@namespace, name, port), out _);

    /// <summary>The mapped target, or null when nothing serves that Service port.</summary>
    public Uri? Resolve(string @namespace, string name, int port) => _targets.GetValueOrDefault((@namespace, name, port));
}
