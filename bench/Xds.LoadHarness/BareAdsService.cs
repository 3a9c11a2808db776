using System.Collections.Concurrent;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Mesh.XdsServer.Snapshots;

namespace Mesh.Xds.LoadHarness;

/// <summary>
/// An ADS server that does nothing but the protocol's minimum on the same gRPC stack (Grpc.AspNetCore on Kestrel, HTTP/2):
/// it writes each stream its four responses from snapshots already built and reads the ACKs, with no views, versions,
/// status or validation. S1 with `--bare` measures what any server of this stack must spend per stream, against which
/// our server's own share of a push is read.
/// </summary>
internal sealed class BareAdsService : AggregatedDiscoveryService.AggregatedDiscoveryServiceBase
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private readonly ConcurrentDictionary<BareStream, string> _streams = new();

    /// <summary>Streams that sent their node and subscribed to the four types.</summary>
    public int Streams => _streams.Count;

    public override async Task StreamAggregatedResources(
        IAsyncStreamReader<DiscoveryRequest> requestStream, IServerStreamWriter<DiscoveryResponse> responseStream, ServerCallContext context)
    {
        var stream = new BareStream(responseStream);
        string? key = null;
        var subscriptions = 0;
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var request = requestStream.Current;
                key ??= request.Node.Cluster.Length > 0 ? request.Node.Cluster : request.Node.Id;
                if (request.ResponseNonce.Length == 0 && ++subscriptions == SimulatedProxy.Types.Length)
                {
                    _streams[stream] = key;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            _streams.TryRemove(stream, out _);
        }
    }

    /// <summary>Every stream gets its snapshot's four types, each stream on the thread pool as the streams of our server do.</summary>
    public void Push(IReadOnlyDictionary<string, Snapshot> snapshots)
    {
        foreach (var (stream, key) in _streams)
        {
            var snapshot = snapshots[key];
            _ = Task.Run(() => stream.PushAsync(snapshot));
        }
    }

    private sealed class BareStream(IServerStreamWriter<DiscoveryResponse> writer)
    {
        private int _nonce;

        public async Task PushAsync(Snapshot snapshot)
        {
            try
            {
                for (var type = 0; type < SimulatedProxy.Types.Length; type++)
                {
                    var resources = snapshot.Get(SimulatedProxy.Types[type]);
                    var response = new DiscoveryResponse
                    {
                        TypeUrl = resources.TypeUrl,
                        VersionInfo = resources.Version,
                        Nonce = (++_nonce).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                    foreach (var resource in resources.Ordered)
                    {
                        response.Resources.Add(resource.Any);
                    }

                    // All but the last buffered, as our server writes a push of several types.
                    writer.WriteOptions = type < SimulatedProxy.Types.Length - 1 ? Buffered : null;
                    await writer.WriteAsync(response);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
            {
                // The client went away mid-push.
            }
        }
    }
}
