using System.Collections.Concurrent;
using System.Text.Json;
using Google.Protobuf;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Translation;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Publishing;

/// <summary>
/// Holds the last accepted config of every MeshPolicy, merges them into one mesh model and sets one snapshot per proxy
/// key. A policy in error is simply not republished, so its proxies keep the last good config. Publishing is
/// serialized (one lock): the translation is pure and the snapshot cache makes unchanged resources free.
/// </summary>
public sealed class MeshPublisher(SnapshotCache cache, ILogger<MeshPublisher> logger)
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), PublishedPolicy> _policies = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Namespace, string Name), string> _fingerprints = new();
    private readonly MeshTranslator _translator = new();
    private IReadOnlyDictionary<string, string> _sourceFields = new Dictionary<string, string>();

    /// <summary>Resource name -> the MeshPolicy spec field it was built from (for reporting a NACK).</summary>
    public IReadOnlyDictionary<string, string> SourceFields => Volatile.Read(ref _sourceFields);

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

    private List<string> Rebuild()
    {
        var policies = _policies.Values.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var model = new MeshModel
        {
            // No version: endpoints and pods change without a new policy generation, so the translator must not reuse
            // an earlier translation by name. It still shares resources across scopes within this model, and the
            // snapshot cache makes unchanged resources cost nothing on the wire.
            Version = "",
            TrustDomain = policies.FirstOrDefault()?.TrustDomain ?? "cluster.local",
            Services = policies.SelectMany(p => p.Services).ToList(),
            EgressByNamespace = policies.GroupBy(p => p.Namespace).ToDictionary(g => g.Key, g => g.First().Egress),
            MtlsByNamespace = policies.GroupBy(p => p.Namespace).ToDictionary(g => g.Key, g => g.First().Mtls),
            ObservabilityByNamespace = policies.GroupBy(p => p.Namespace).ToDictionary(g => g.Key, g => g.First().Observability),
        };
        var labels = policies.ToDictionary(p => p.Label, p => p.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var scopes = new Dictionary<string, ProxyScope> { [ProxyKeys.Proxyless] = new() { Namespace = "", Kind = ProxyKind.ProxylessGrpc } };
        foreach (var ns in policies.Select(p => p.Namespace).Distinct())
        {
            scopes[ProxyKeys.Sidecar(ns)] = new ProxyScope { Namespace = ns, Kind = ProxyKind.Sidecar };
        }

        var errors = new List<string>();
        var built = new List<(string Key, Snapshot Snapshot)>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, scope) in scopes)
        {
            try
            {
                var resources = _translator.Translate(model, scope);
                foreach (var (name, field) in resources.SourceFields)
                {
                    fields[name] = field;
                }
                IEnumerable<IMessage> all = [.. resources.Clusters, .. resources.Endpoints, .. resources.Listeners, .. resources.Routes, .. resources.Secrets];
                built.Add((key, Snapshot.Create(all, labels)));
            }
            catch (InvalidSnapshotException e)
            {
                errors.Add($"{key}: {e.Message}");
            }
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        foreach (var (key, snapshot) in built)
        {
            if (!cache.TrySetSnapshot(key, snapshot, out var refused))
            {
                errors.AddRange(refused.Select(r => $"{key}: {r}"));
            }
        }
        foreach (var stale in cache.Keys.Where(k => !scopes.ContainsKey(k)).ToList())
        {
            cache.ClearSnapshot(stale);
        }
        Volatile.Write(ref _sourceFields, fields);
        if (errors.Count > 0)
        {
            logger.LogWarning("xDS snapshots refused: {Errors}", string.Join("; ", errors));
        }
        return errors;
    }
}
