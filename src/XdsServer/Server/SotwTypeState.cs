using Google.Protobuf.Collections;

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
}
