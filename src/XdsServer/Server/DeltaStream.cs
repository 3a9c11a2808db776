using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Snapshots;
using Microsoft.Extensions.Logging;

namespace Mesh.XdsServer.Server;

/// <summary>
/// One DeltaAggregatedResources (incremental) stream: only changed resources and removed names are sent. Subscription
/// changes are applied from every request, including those with a stale nonce (they would otherwise be lost: a delta
/// request is not repeated), while ACK/NACK meaning is taken only from the latest nonce.
/// </summary>
internal sealed class DeltaStream(StreamServices services, IServerStreamWriter<DeltaDiscoveryResponse> writer, ServerCallContext context)
    : AdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(services, writer, context, delta: true)
{
    private readonly Dictionary<string, DeltaTypeState> _types = new(StringComparer.Ordinal);

    protected override IReadOnlyCollection<TypeState> TypeStates => _types.Values;

    protected override Node? NodeOf(DeltaDiscoveryRequest request) => request.Node;

    protected override async Task HandleRequestAsync(DeltaDiscoveryRequest request, CancellationToken cancellation)
    {
        var typeUrl = request.TypeUrl;
        var state = StateFor(_types, typeUrl, url => new DeltaTypeState(url));

        var first = !state.Requested;
        var nonce = request.ResponseNonce;
        if (nonce.Length > 0 && state.SentNonce is not null)
        {
            if (nonce == state.SentNonce)
            {
                if (request.ErrorDetail is not null)
                {
                    RecordNack(state, state.AckedVersion ?? "", nonce, request.ErrorDetail);
                }
                else
                {
                    RecordAck(state, state.SentVersion ?? "");
                }
            }
            else if (!WasIssued(nonce))
            {
                throw new XdsProtocolException(StatusCode.InvalidArgument,
                    $"response_nonce '{nonce}' of {TypeUrls.ShortName(typeUrl)} was never sent on this stream");
            }
            else if (request.ErrorDetail is null)
            {
                RecordStaleAck(state, nonce);
            }
        }

        if (state.UpdateSubscription(request))
        {
            await PushTypeAsync(state, initial: first, cancellation);
        }
    }

    protected override async Task PushChangesAsync(CancellationToken cancellation)
    {
        if (Services.Cache.GetCurrent(Key) is not { } current)
        {
            return;
        }

        var pending = new List<PendingResponse<DeltaDiscoveryResponse>>(TypeUrls.PushOrder.Count);
        foreach (var typeUrl in TypeUrls.PushOrder)
        {
            if (_types.TryGetValue(typeUrl, out var state) && state.Requested
                && Prepare(state, current, initial: false, forChange: true) is { } response)
            {
                pending.Add(response);
            }
        }

        await WriteAllAsync(pending, cancellation);
    }

    private async Task PushTypeAsync(DeltaTypeState state, bool initial, CancellationToken cancellation)
    {
        if (Services.Cache.GetCurrent(Key) is { } current && Prepare(state, current, initial, forChange: false) is { } response)
        {
            await WriteAllAsync([response], cancellation);
        }
    }

    /// <summary>The response with what the proxy lacks of a type, or null when there is nothing to send.</summary>
    private PendingResponse<DeltaDiscoveryResponse>? Prepare(DeltaTypeState state, CachedSnapshot current, bool initial, bool forChange)
    {
        var start = Services.TimeProvider.GetTimestamp();
        var resources = current.Snapshot.Get(state.TypeUrl);
        var view = state.ComputeView(resources);
        if (forChange && view.Version == state.SentVersion && state.MissingToReport.Count == 0)
        {
            return null;
        }

        var (updated, removed) = state.Diff(resources, view);
        if (updated.Count == 0 && removed.Count == 0 && !initial)
        {
            // Nothing the proxy lacks (e.g. only resources it does not subscribe to changed).
            state.SentVersion = view.Version;
            state.SentResources = view.Resources;
            if (state.SentAcked)
            {
                state.AckedVersion = view.Version;
                state.AckedResources = view.Resources;
            }

            return null;
        }

        var response = new DeltaDiscoveryResponse
        {
            SystemVersionInfo = view.Version,
            TypeUrl = state.TypeUrl,
            Nonce = NextNonce(),
        };
        foreach (var resource in updated)
        {
            response.Resources.Add(resource.DeltaResource);
        }

        response.RemovedResources.AddRange(removed);
        return new(response, state.TypeUrl, start, () =>
        {
            state.Applied(updated, removed);
            RecordSent(state, response.Nonce, view, updated, current, forChange);
        });
    }
}
