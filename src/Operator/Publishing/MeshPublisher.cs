using System.Collections.Concurrent;
using System.Text.Json;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Model;

namespace Mesh.Operator.Publishing;

/// <summary>
/// Holds the last accepted config of every MeshPolicy and merges them, with the workload index, into one mesh model
/// that it hands to the xDS server (<see cref="MeshConfigServer.Publish"/>), which decides what each proxy gets. A
/// policy whose new config is refused is put back to its last accepted one, so its proxies keep the last good config.
/// Publishing is serialized (one lock).
/// </summary>
public sealed class MeshPublisher(MeshConfigServer server)
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), PublishedPolicy> _policies = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Namespace, string Name), string> _fingerprints = new();

    /// <summary>Resource name -> the MeshPolicy spec field it was built from (for reporting a NACK).</summary>
    public IReadOnlyDictionary<string, string> SourceFields => server.SourceFields;

    /// <summary>Connected sidecars whose node id names no known pod.</summary>
    public IReadOnlyList<string> UnknownNodes => server.UnknownNodes;

    /// <summary>Every policy being served.</summary>
    public IReadOnlyList<PublishedPolicy> All => _policies.Values.ToList();

    public PublishedPolicy? Get(string @namespace, string name) => _policies.GetValueOrDefault((@namespace, name));

    /// <summary>Publishes (or republishes) one policy; returns the errors that kept the new snapshots from being served.</summary>
    public IReadOnlyList<string> Publish(PublishedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        lock (_gate)
        {
            var key = (policy.Namespace, policy.Name);
            // Every reconcile publishes; most change nothing. Comparing the content is far cheaper than translating
            // the whole mesh again for every proxy key.
            var fingerprint = JsonSerializer.Serialize(policy);
            if (_fingerprints.TryGetValue(key, out var known) && known == fingerprint)
            {
                return [];
            }
            var previous = _policies.GetValueOrDefault(key);
            _policies[key] = policy;
            var errors = Rebuild();
            if (errors.Count > 0)
            {
                // Keep serving the last good config: the new one is not servable.
                if (previous is null)
                {
                    _policies.TryRemove(key, out _);
                }
                else
                {
                    _policies[key] = previous;
                }
                Rebuild();
                return errors;
            }
            _fingerprints[key] = fingerprint;
            return errors;
        }
    }

    /// <summary>Forgets a deleted policy: its xDS resources leave every snapshot.</summary>
    public void Remove(string @namespace, string name)
    {
        lock (_gate)
        {
            _fingerprints.Remove((@namespace, name));
            if (_policies.TryRemove((@namespace, name), out _))
            {
                Rebuild();
            }
        }
    }

    private IReadOnlyList<string> Rebuild() => server.Publish(MeshModelAssembler.Assemble(_policies.Values));
}
