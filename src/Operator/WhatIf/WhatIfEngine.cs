using Google.Protobuf;
using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Translation;

namespace Mesh.Operator.WhatIf;

/// <summary>
/// Pure: two mesh models in (as served now, as it would be served), a <see cref="WhatIfReport"/> out. Each proxy the
/// models know (every pod running the sidecar, and the proxyless gRPC clients as one) is translated in both, the way
/// the xDS server scopes it, and its resources compared by JSON.
/// </summary>
public static class WhatIfEngine
{
    /// <summary>The name the proxyless gRPC clients (which share one config) are reported under.</summary>
    public const string ProxylessName = "proxyless gRPC clients";

    private static readonly ProxyScope ProxylessScope = new() { Namespace = "", Kind = ProxyKind.ProxylessGrpc };

    public static WhatIfReport Compare(MeshModel before, MeshModel after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = new Side(before);
        var @new = new Side(after);
        var json = new ResourceJson();
        var proxies = old.Proxies.Keys.Union(@new.Proxies.Keys).Order(StringComparer.Ordinal).Prepend(ProxylessName).ToList();

        // (type, name, before JSON, after JSON) -> the proxies that see exactly that change.
        var changes = new Dictionary<(string Type, string Name, string? Before, string? After), List<string>>();
        var impacts = new List<ProxyImpact>();
        var refusals = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var proxy in proxies)
        {
            var was = old.Resources(proxy);
            var will = @new.Resources(proxy);
            if (will.Refusal is { } refusal)
            {
                refusals.Add($"{proxy}: {refusal}");
            }
            var mine = new List<(string Type, string Name, ResourceChangeKind Kind)>();
            foreach (var key in was.Index.Keys.Union(will.Index.Keys))
            {
                var a = was.Index.TryGetValue(key, out var m1) ? json.Of(m1) : null;
                var b = will.Index.TryGetValue(key, out var m2) ? json.Of(m2) : null;
                if (a == b)
                {
                    continue;
                }
                var change = (key.Type, key.Name, a, b);
                if (!changes.TryGetValue(change, out var seen))
                {
                    changes[change] = seen = [];
                }
                seen.Add(proxy);
                mine.Add((key.Type, key.Name, a is null ? ResourceChangeKind.Added : b is null ? ResourceChangeKind.Removed : ResourceChangeKind.Changed));
            }
            if (mine.Count > 0)
            {
                impacts.Add(new ProxyImpact { Proxy = proxy, Counts = Count(mine) });
            }
        }

        return new WhatIfReport
        {
            Proxies = impacts,
            ProxyCount = proxies.Count,
            Changes = changes
                .Select(c => new ResourceChange
                {
                    Type = c.Key.Type,
                    Name = c.Key.Name,
                    Kind = c.Key.Before is null ? ResourceChangeKind.Added : c.Key.After is null ? ResourceChangeKind.Removed : ResourceChangeKind.Changed,
                    Before = c.Key.Before,
                    After = c.Key.After,
                    Proxies = c.Value,
                    Diff = UnifiedDiff.Create($"{c.Key.Type}/{c.Key.Name}", c.Key.Before, c.Key.After),
                })
                .OrderBy(c => ResourceTypes.Order(c.Type))
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .ThenBy(c => c.Kind)
                .ThenBy(c => c.Proxies[0], StringComparer.Ordinal)
                .ToList(),
            Refusals = refusals.ToList(),
        };
    }

    private static IReadOnlyList<TypeCounts> Count(List<(string Type, string Name, ResourceChangeKind Kind)> changes) =>
        changes.GroupBy(c => c.Type)
            .OrderBy(g => ResourceTypes.Order(g.Key))
            .Select(g => new TypeCounts
            {
                Type = g.Key,
                Added = g.Count(c => c.Kind == ResourceChangeKind.Added),
                Changed = g.Count(c => c.Kind == ResourceChangeKind.Changed),
                Removed = g.Count(c => c.Kind == ResourceChangeKind.Removed),
            })
            .ToList();

    /// <summary>A proxy's resources in one model, and why a snapshot of them would be refused (null: it would be served).</summary>
    private sealed record ProxyResources(Dictionary<(string Type, string Name), IMessage> Index, string? Refusal);

    /// <summary>One model: its sidecar proxies, each translated once per distinct scope.</summary>
    private sealed class Side
    {
        private static readonly ProxyResources None = new([], null);
        private readonly MeshModel _model;
        private readonly MeshTranslator _translator = new();
        private readonly ResourceCache _cache = new();
        // Scopes a sidecar exactly as the xDS server does (labels its namespace's selectors read, its dependencies).
        private readonly WorkloadIndex _index;
        private readonly Dictionary<ProxyScope, ProxyResources> _byScope = new();

        public Side(MeshModel model)
        {
            _model = model;
            _index = new WorkloadIndex(model);
            Proxies = model.Workloads
                .Where(w => w.Labels.TryGetValue(SidecarContract.TlsModeLabel, out var mode) && mode == SidecarContract.TlsModeMesh)
                .ToDictionary(w => $"{w.Namespace}/{w.Name}", StringComparer.Ordinal);
        }

        /// <summary>Pods running the sidecar, by <c>namespace/pod</c>.</summary>
        public Dictionary<string, Workload> Proxies { get; }

        public ProxyResources Resources(string proxy)
        {
            ProxyScope scope;
            if (proxy == ProxylessName)
            {
                scope = ProxylessScope;
            }
            else if (Proxies.TryGetValue(proxy, out var workload))
            {
                scope = _index.ScopeOf(workload);
            }
            else
            {
                return None; // no such pod (or no sidecar) on this side: it is served nothing
            }
            if (!_byScope.TryGetValue(scope, out var resources))
            {
                var translated = _translator.Translate(_model, scope);
                string? refusal = null;
                try
                {
                    Snapshot.Create(translated.All(), cache: _cache);
                }
                catch (InvalidSnapshotException e)
                {
                    refusal = e.Message;
                }
                _byScope[scope] = resources = new ProxyResources(ResourceTypes.Index(translated), refusal);
            }
            return resources;
        }
    }
}
