using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Microsoft.Extensions.Logging;

namespace Mesh.XdsServer.Server;

/// <summary>
/// One StreamAggregatedResources (state of the world) stream. Behaviour follows envoy's api/xds_protocol.rst: ACK/NACK by
/// nonce, stale nonces ignored, a NACKed version never resent, LDS/CDS responses always carrying every subscribed resource
/// and pushes of the other types carrying what changed since the proxy's last ACK.
/// </summary>
internal sealed class SotwStream(StreamServices services, IServerStreamWriter<DiscoveryResponse> writer, ServerCallContext context)
    : AdsStream<DiscoveryRequest, DiscoveryResponse>(services, writer, context, delta: false)
{
    private readonly Dictionary<string, SotwTypeState> _types = new(StringComparer.Ordinal);

    protected override IReadOnlyCollection<TypeState> TypeStates => _types.Values;

    protected override Node? NodeOf(DiscoveryRequest request) => request.Node;

    protected override async Task HandleRequestAsync(DiscoveryRequest request, CancellationToken cancellation)
    {
        var typeUrl = request.TypeUrl;
        var state = StateFor(_types, typeUrl, url => new SotwTypeState(url));

        var nonce = request.ResponseNonce;
        if (nonce.Length > 0 && state.SentNonce is not null)
        {
            if (nonce != state.SentNonce)
            {
                if (!WasIssued(nonce))
                {
                    throw new XdsProtocolException(StatusCode.InvalidArgument,
                        $"response_nonce '{nonce}' of {TypeUrls.ShortName(typeUrl)} was never sent on this stream");
                }

                // A stale request answers an older response; the proxy will answer the newer one (xds_protocol.rst, "Resource
                // updates": the server should ignore requests whose nonce is not the latest).
                Logger.LogDebug("xDS {Stream}: ignoring stale nonce {Nonce} for {Type}", StreamId, nonce, typeUrl);
                if (request.ErrorDetail is null)
                {
                    RecordStaleAck(state, nonce);
                }

                return;
            }

            if (request.ErrorDetail is not null)
            {
                RecordNack(state, request.VersionInfo, request.ResponseNonce, request.ErrorDetail);
            }
            else
            {
                RecordAck(state, request.VersionInfo);
            }

            // An ACK may change the subscription (e.g. EDS names for new clusters): answer only then.
            if (state.UpdateSubscription(request.ResourceNames))
            {
                await PushTypeAsync(state, cancellation);
            }

            return;
        }

        // A first request for the type (or one after reconnecting, whose nonce belongs to an older stream): answer it.
        state.UpdateSubscription(request.ResourceNames);
        await PushTypeAsync(state, cancellation);
    }

    protected override async Task PushChangesAsync(CancellationToken cancellation)
    {
        if (Services.Cache.GetCurrent(Key) is not { } current)
        {
            return;
        }

        var pending = new List<PendingResponse<DiscoveryResponse>>(TypeUrls.PushOrder.Count);
        foreach (var typeUrl in TypeUrls.PushOrder)
        {
            if (_types.TryGetValue(typeUrl, out var state) && state.Requested && Prepare(state, current, force: false) is { } response)
            {
                pending.Add(response);
            }
        }

        await WriteAllAsync(pending, cancellation);
    }

    private async Task PushTypeAsync(SotwTypeState state, CancellationToken cancellation)
    {
        if (Services.Cache.GetCurrent(Key) is { } current && Prepare(state, current, force: true) is { } response)
        {
            await WriteAllAsync([response], cancellation);
        }
    }

    /// <summary>The response that brings the proxy to the current view of a type, or null when there is nothing to send.</summary>
    private PendingResponse<DiscoveryResponse>? Prepare(SotwTypeState state, CachedSnapshot current, bool force)
    {
        var start = Services.TimeProvider.GetTimestamp();
        var view = state.ComputeView(current.Snapshot.Get(state.TypeUrl));
        if (state.LastResponseNacked && state.LastNack!.RejectedVersion == view.Version)
        {
            return null;
        }

        if (!force && view.Version == state.SentVersion)
        {
            return null;
        }

        // Only listeners and clusters must be sent whole: for the other types a response carries what changed and the
        // proxy keeps the rest (xds_protocol.rst, "Grouping Resources into Responses"). What changed is counted from what
        // the proxy last ACKed, so a response still in flight that it NACKs loses nothing; a request gets the whole view.
        var partial = !force && !TypeUrls.RequiresFullStateInSotw(state.TypeUrl);
        var resources = partial ? state.ChangedSinceAcked(view.Resources) : view.Resources;
        var response = new DiscoveryResponse
        {
            VersionInfo = view.Version,
            TypeUrl = state.TypeUrl,
            Nonce = NextNonce(),
        };
        response.Resources.Capacity = resources.Count;
        foreach (var resource in resources)
        {
            response.Resources.Add(resource.Any);
        }

        return new(response, state.TypeUrl, start, () => RecordSent(state, response.Nonce, view, resources, current, forChange: !force));
    }
}
