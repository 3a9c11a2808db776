using System.Net;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Mesh.Operator.Tests.Robustness;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Fuzz;

/// <summary>
/// The ADS request handler: the input is a sequence of length-delimited DiscoveryRequests (state of the world, or
/// delta when the first byte is odd) sent on one stream of a server that holds the shop sample's config. The stream
/// may end with any status the protocol allows (OK, InvalidArgument, ResourceExhausted, Cancelled...) but never with
/// Unknown or Internal, which is what an exception escaping the handler becomes.
/// </summary>
internal static class AdsTarget
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(2);
    private static readonly Lazy<AggregatedDiscoveryService.AggregatedDiscoveryServiceClient> Client = new(Start);

    public static void Run(byte[] input)
    {
        if (input.Length < 1)
        {
            return;
        }

        var delta = (input[0] & 1) == 1;
        var requests = new List<IMessage>();
        using (var stream = new MemoryStream(input, 1, input.Length - 1))
        {
            while (stream.Position < stream.Length && requests.Count < 16)
            {
                try
                {
                    requests.Add(delta ? DeltaDiscoveryRequest.Parser.ParseDelimitedFrom(stream) : DiscoveryRequest.Parser.ParseDelimitedFrom(stream));
                }
                catch (InvalidProtocolBufferException)
                {
                    break;
                }
            }
        }

        var status = delta ? Exchange<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(Client.Value.DeltaAggregatedResources, requests)
            : Exchange<DiscoveryRequest, DiscoveryResponse>(Client.Value.StreamAggregatedResources, requests);
        if (status.StatusCode is StatusCode.Unknown or StatusCode.Internal)
        {
            throw new InvalidOperationException($"The ADS handler failed: {status}");
        }
    }

    private static Status Exchange<TRequest, TResponse>(
        Func<Metadata?, DateTime?, CancellationToken, AsyncDuplexStreamingCall<TRequest, TResponse>> open, List<IMessage> requests)
    {
        using var timeout = new CancellationTokenSource(StreamTimeout);
        using var call = open(null, null, timeout.Token);
        try
        {
            foreach (var request in requests)
            {
                call.RequestStream.WriteAsync((TRequest)request).GetAwaiter().GetResult();
            }

            call.RequestStream.CompleteAsync().GetAwaiter().GetResult();
            while (call.ResponseStream.MoveNext(timeout.Token).GetAwaiter().GetResult())
            {
                // Responses are the protocol's business; the test is how the stream ends.
            }

            return call.GetStatus();
        }
        catch (RpcException e)
        {
            return e.Status;
        }
        catch (OperationCanceledException)
        {
            return Status.DefaultCancelled;
        }
    }

    private static AggregatedDiscoveryService.AggregatedDiscoveryServiceClient Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddXdsServer(options =>
        {
            options.Debounce = TimeSpan.FromMilliseconds(1);
            options.MaxDebounceDelay = TimeSpan.FromMilliseconds(5);
        });
        var app = builder.Build();
        app.MapXdsServer();
        app.StartAsync().GetAwaiter().GetResult();

        // Every node id the input may name gets the shop sample's proxyless config.
        var shop = k8s.KubernetesYaml.Deserialize<Mesh.Operator.Entities.MeshPolicy>(
            File.ReadAllText(Mesh.Testing.RepoPaths.Of("config", "samples", "shop", "01-meshpolicy.yaml")));
        var json = System.Text.Json.Nodes.JsonNode.Parse(k8s.KubernetesJson.Serialize(shop))!.AsObject();
        var outcome = PolicyPipeline.Run(json);
        var snapshot = Snapshot.Create(outcome.Translations[0].All());
        var cache = app.Services.GetRequiredService<SnapshotCache>();
        foreach (var key in new[] { "", "fuzz", "p", "sidecar~10.0.0.1~reviews-0.shop~shop.svc.cluster.local" })
        {
            cache.SetSnapshot(key, snapshot);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(GrpcChannel.ForAddress(address));
    }
}
