using Envoy.Service.Discovery.V3;
using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Server;

/// <summary>One delta stream's state for one type: the subscription and the version of each resource the proxy holds.</summary>
internal sealed class DeltaTypeState(string typeUrl) : TypeState(typeUrl)
{
    /// <summary>Resource name -> version the proxy holds (from initial_resource_versions, then from what was sent).</summary>
    public HeldVersions ClientVersions { get; } = new();

    /// <summary>What the last <see cref="Diff"/> compared against, so that <see cref="Applied"/> can tell a full sync.</summary>
    private (TypeResources Resources, TypeView View)? _lastDiff;

    /// <summary>Names newly subscribed that do not exist: the proxy is told once, through removed_resources.</summary>
    public HashSet<string> MissingToReport { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Applies a request's subscription changes (envoy api/xds_protocol.rst, "Incremental xDS": a first request with no
    /// names is a wildcard subscription; "*" subscribes to or unsubscribes from the wildcard explicitly).
    /// Returns true when the subscription changed.
    /// </summary>
    public bool UpdateSubscription(DeltaDiscoveryRequest request)
    {
        var changed = false;
        if (!Requested)
        {
            Requested = true;
            changed = true;
            if (request.ResourceNamesSubscribe.Count == 0)
            {
                Wildcard = true;
            }

            foreach (var (name, version) in request.InitialResourceVersions)
            {
                ClientVersions.Set(name, version);
            }
        }

        var add = new List<string>();
        var remove = new List<string>();
        foreach (var name in request.ResourceNamesSubscribe)
        {
            if (name == "*")
            {
                changed |= !Wildcard;
                Wildcard = true;
            }
            else
            {
                add.Add(name);
            }
        }

        foreach (var name in request.ResourceNamesUnsubscribe)
        {
            if (name == "*")
            {
                changed |= Wildcard;
                Wildcard = false;
            }
            else
            {
                remove.Add(name);
            }
        }

        // Subscribes apply before unsubscribes, as in the protocol's own reading of a request naming both.
        var subscription = Subscription.With(add, remove);
        if (!ReferenceEquals(subscription, Subscription))
        {
            changed = true;
            foreach (var name in add.Where(n => subscription.Contains(n) && !Subscription.Contains(n)))
            {
                MissingToReport.Add(name);
            }

            foreach (var name in remove.Where(n => !subscription.Contains(n)))
            {
                MissingToReport.Remove(name);
            }

            Subscription = subscription;
        }

        if (changed)
        {
            // The proxy forgets what it no longer subscribes to; it needs no removal for those.
            foreach (var name in ClientVersions.Names.Where(n => !Wildcard && !Subscription.Contains(n)).ToArray())
            {
                ClientVersions.Remove(name);
            }

            ClientVersions.Compact(_lastDiff?.Resources);
        }

        return changed;
    }

    /// <summary>The resources the proxy lacks or holds at another version, and the names it holds that are gone.</summary>
    public (List<CachedResource> Updated, List<string> Removed) Diff(TypeResources resources, TypeView view)
    {
        // A stream synced to its last view (a baseline, no overlay, nothing to report) differs from the new view by what
        // the two views differ by: computed once and shared by every stream that held the same view.
        if (view.Held is { } next && ClientVersions is { Baseline: { } baseline, OverlayCount: 0 } && MissingToReport.Count == 0)
        {
            var changes = next.ChangesFrom(baseline);
            var gone = new List<string>(changes.Gone.Count);
            foreach (var name in changes.Gone)
            {
                // Outside the view but still a resource (a template's, or a name it no longer subscribes): not removed.
                if (resources.Find(name) is null)
                {
                    gone.Add(name);
                }
            }

            gone.Sort(StringComparer.Ordinal);
            _lastDiff = (resources, view);
            return ([.. changes.Updated], gone);
        }

        var updated = new List<CachedResource>();
        foreach (var resource in view.Resources)
        {
            if (!ClientVersions.TryGetValue(resource.Name, out var held) || held != resource.Version)
            {
                updated.Add(resource);
            }
        }

        var removed = new List<string>();
        foreach (var name in ClientVersions.Names)
        {
            if (resources.Find(name) is null)
            {
                removed.Add(name);
            }
        }

        foreach (var name in MissingToReport)
        {
            if (!ClientVersions.Contains(name) && resources.Find(name) is null)
            {
                removed.Add(name);
            }
        }

        removed.Sort(StringComparer.Ordinal);
        _lastDiff = (resources, view);
        return (updated, removed);
    }

    /// <summary>
    /// Assumes the proxy applies what was sent (a NACKed version is then not resent: only newer ones are), the result of
    /// the last <see cref="Diff"/>.
    /// </summary>
    public void Applied(List<CachedResource> updated, List<string> removed)
    {
        // Clear keeps the capacity: every name of a first subscription passes through here, 1,000s per stream.
        MissingToReport.Clear();
        MissingToReport.TrimExcess();

        // After applying a diff the proxy holds every resource of the view at its version and nothing the resources lack
        // (names it held outside the view were either removed or, for a subscription by name, dropped on unsubscribe).
        // So holding exactly as many names as the view means holding the view: its shared index becomes the baseline,
        // decided before applying, so that a first sync (every name updated) copies nothing at all.
        if (_lastDiff is { View.Held: { } held } last && CountAfter(updated, removed) == last.View.Resources.Count)
        {
            ClientVersions.SyncedTo(held);
            return;
        }

        foreach (var resource in updated)
        {
            ClientVersions.Set(resource.Name, resource.Version);
        }

        foreach (var name in removed)
        {
            ClientVersions.Remove(name);
        }

        ClientVersions.Compact(_lastDiff?.Resources);
    }

    private int CountAfter(List<CachedResource> updated, List<string> removed)
    {
        var count = ClientVersions.Count;
        foreach (var resource in updated)
        {
            if (!ClientVersions.Contains(resource.Name))
            {
                count++;
            }
        }

        foreach (var name in removed)
        {
            if (ClientVersions.Contains(name))
            {
                count--;
            }
        }

        return count;
    }
}
