using Google.Protobuf.Collections;
using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Server;

/// <summary>One state-of-the-world stream's state for one type; touched only by the stream's loop.</summary>
internal sealed class SotwTypeState(string typeUrl) : TypeState(typeUrl)
{
    /// <summary>
    /// The first request had no names and no later one named any: the "legacy wildcard" of the xDS protocol
    /// (envoy api/xds_protocol.rst, "How the client specifies what resources to return").
    /// </summary>
    private bool _legacyWildcard;

    /// <summary>Applies a request's resource_names; returns true when the subscription changed.</summary>
    public bool UpdateSubscription(RepeatedField<string> names)
    {
        if (!Requested)
        {
            Requested = true;
            _legacyWildcard = names.Count == 0;
        }
        else if (names.Count > 0)
        {
            _legacyWildcard = false;
        }

        var wildcard = _legacyWildcard || names.Contains("*");
        var changed = wildcard != Wildcard;
        Wildcard = wildcard;

        var requested = Subscription.IsExactly(names) ? Subscription : Subscription.Of(names.Where(n => n != "*"));
        if (!ReferenceEquals(requested, Subscription))
        {
            changed = true;
            Subscription = requested;
        }

        return changed;
    }

    /// <summary>
    /// The resources of <paramref name="view"/> the proxy does not hold as they are since its last ACK: new names, or
    /// another content under a name. Both lists are in name order (a view keeps its snapshot's order), so one walk.
    /// </summary>
    public IReadOnlyList<CachedResource> ChangedSinceAcked(IReadOnlyList<CachedResource> view)
    {
        var acked = AckedResources;
        List<CachedResource>? changed = null;
        var j = 0;
        for (var i = 0; i < view.Count; i++)
        {
            var resource = view[i];
            while (j < acked.Count && string.CompareOrdinal(acked[j].Name, resource.Name) < 0)
            {
                j++;
            }

            if (j < acked.Count && acked[j].Name == resource.Name && SameContent(acked[j], resource))
            {
                continue;
            }

            (changed ??= []).Add(resource);
        }

        return changed ?? [];
    }

    private static bool SameContent(CachedResource held, CachedResource next) =>
        ReferenceEquals(held, next) || (held.Hash == next.Hash && held.Version == next.Version);
}
