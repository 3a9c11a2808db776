using System.Collections.Concurrent;

namespace Mesh.LocalCluster;

/// <summary>
/// Where a pod's port really listens, for <c>pods/proxy</c>. Local mode runs no pods: the process that stands in for
/// one (the operator itself) registers its loopback address here, as <see cref="ServiceEndpointMap"/> does for Services.
/// </summary>
public sealed class PodProxyMap
{
    private readonly ConcurrentDictionary<(string Namespace, string Name, int Port), Uri> _targets = new();

    /// <summary>Routes <c>pods/&lt;name&gt;:&lt;port&gt;/proxy/...</c> to <paramref name="target"/> (scheme, host and port; no path).</summary>
    public void Map(string @namespace, string name, int port, Uri target)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(target);
        _targets[(@namespace, name, port)] = target;
    }

    /// <summary>Forgets a mapping (the pod's port is then dialed at its podIP, as a real API server would).</summary>
    public void Unmap(string @namespace, string name, int port) => _targets.TryRemove((@namespace, name, port), out _);

    /// <summary>The mapped target, or null.</summary>
    public Uri? Resolve(string @namespace, string name, int port) => _targets.GetValueOrDefault((@namespace, name, port));
}
