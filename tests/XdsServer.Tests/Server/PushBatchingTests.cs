using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Grpc.Core;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Metrics;
using Mesh.XdsServer.Server;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Mesh.XdsServer.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.XdsServer.Tests.Server;

/// <summary>
/// A push of several types leaves in one flush: every response but the last is written with gRPC's BufferHint (appended,
/// not flushed), the last one flushes them all. Seen from the writer the stream is given, so that each write's flags show.
/// </summary>
public sealed class PushBatchingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly string[] Types = [TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Listener, TypeUrls.Route];

    [Fact]
    public async Task A_sotw_push_of_four_types_buffers_the_first_three_and_flushes_with_the_last()
    {
        await using var harness = new StreamHarness<DiscoveryRequest, DiscoveryResponse>(new XdsServerOptions(), (s, w, c) => new SotwStream(s, w, c));
        await SubscribeSotwAsync(harness, flushed => flushed.Should().BeTrue("a request's answer is a push of its own and flushes at once"));

        var pushed = await PushOfChangedServiceAsync(harness, r => r.TypeUrl);

        pushed.Should().Equal(BufferedThenFlushed);
    }

    [Fact]
    public async Task A_delta_push_of_four_types_buffers_the_first_three_and_flushes_with_the_last()
    {
        await using var harness = new StreamHarness<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(new XdsServerOptions(), (s, w, c) => new DeltaStream(s, w, c));
        harness.Cache.SetSnapshot("proxy", Snapshot.Create(TestResources.Service("svc", 8080)));
        foreach (var type in Types)
        {
            harness.Send(new DeltaDiscoveryRequest { TypeUrl = type, Node = new Node { Id = "proxy" } });
            var (answer, flags) = await harness.NextWriteAsync();
            flags.Should().Be(default(WriteFlags), "a request's answer is a push of its own and flushes at once");
            harness.Send(new DeltaDiscoveryRequest { TypeUrl = type, ResponseNonce = answer.Nonce });
        }

        var pushed = await PushOfChangedServiceAsync(harness, r => r.TypeUrl);

        pushed.Should().Equal(BufferedThenFlushed);
    }

    [Fact]
    public async Task A_large_response_is_never_held_in_a_buffer_but_goes_through_the_send_gate_and_flushes()
    {
        // Every response counts as large: the send gate bounds what large responses hold in buffers, so none is buffered.
        var options = new XdsServerOptions { LargeSendBytes = 1 };
        await using var harness = new StreamHarness<DiscoveryRequest, DiscoveryResponse>(options, (s, w, c) => new SotwStream(s, w, c));
        await SubscribeSotwAsync(harness, _ => { });

        var pushed = await PushOfChangedServiceAsync(harness, r => r.TypeUrl);

        pushed.Should().Equal(Types.Select(t => (t, default(WriteFlags))), "every response is large and must flush");
    }

    private static readonly (string Type, WriteFlags Flags)[] BufferedThenFlushed =
    [
        (TypeUrls.Cluster, WriteFlags.BufferHint), (TypeUrls.Endpoint, WriteFlags.BufferHint),
        (TypeUrls.Listener, WriteFlags.BufferHint), (TypeUrls.Route, default(WriteFlags)),
    ];

    /// <summary>Subscribes a state-of-the-world stream to the four types of <c>svc</c> and ACKs each answer.</summary>
    private static async Task SubscribeSotwAsync(StreamHarness<DiscoveryRequest, DiscoveryResponse> harness, Action<bool> answerFlushed)
    {
        harness.Cache.SetSnapshot("proxy", Snapshot.Create(TestResources.Service("svc", 8080)));
        foreach (var type in Types)
        {
            harness.Send(new DiscoveryRequest { TypeUrl = type, ResourceNames = { Wildcard(type) ? [] : ["svc"] }, Node = new Node { Id = "proxy" } });
            var (answer, flags) = await harness.NextWriteAsync();
            answerFlushed(flags == default);
            harness.Send(new DiscoveryRequest { TypeUrl = type, VersionInfo = answer.VersionInfo, ResponseNonce = answer.Nonce, ResourceNames = { Wildcard(type) ? [] : ["svc"] } });
        }
    }

    /// <summary>Changes all four types of the stream's snapshot and returns the push's writes, type and flags.</summary>
    private static async Task<List<(string Type, WriteFlags Flags)>> PushOfChangedServiceAsync<TRequest, TResponse>(
        StreamHarness<TRequest, TResponse> harness, Func<TResponse, string> typeOf)
        where TRequest : class, IMessage
        where TResponse : class, IMessage
    {
        harness.Cache.SetSnapshot("proxy", Snapshot.Create(ChangedService()));
        var pushed = new List<(string Type, WriteFlags Flags)>();
        for (var i = 0; i < Types.Length; i++)
        {
            var (response, flags) = await harness.NextWriteAsync();
            pushed.Add((typeOf(response), flags));
        }

        return pushed;
    }

    /// <summary>Clusters and listeners are subscribed to by wildcard, as Envoy does; endpoints and routes by name.</summary>
    private static bool Wildcard(string type) => type is TypeUrls.Cluster or TypeUrls.Listener;

    /// <summary>Every one of the four types differs from <see cref="TestResources.Service"/>'s.</summary>
    private static IMessage[] ChangedService() =>
    [
        TestResources.EdsCluster("svc"),
        TestResources.StaticCluster("other"),
        TestResources.Endpoints("svc", 9090),
        TestResources.ApiListener("svc", "svc"),
        TestResources.ApiListener("svc-2", "svc"),
        TestResources.Route("svc", "other"),
    ];

    /// <summary>One stream run against fakes of gRPC's reader, writer and call context.</summary>
    private sealed class StreamHarness<TRequest, TResponse> : IAsyncDisposable
        where TRequest : class, IMessage
        where TResponse : class, IMessage
    {
        private readonly Channel<TRequest> _requests = Channel.CreateUnbounded<TRequest>();
        private readonly RecordingWriter _writer = new();
        private readonly CancellationTokenSource _cancel = new();
        private readonly Task _run;

        public StreamHarness(XdsServerOptions options, Func<StreamServices, IServerStreamWriter<TResponse>, ServerCallContext, AdsStream<TRequest, TResponse>> create)
        {
            options.Debounce = TimeSpan.Zero;
            var services = new StreamServices(Cache, new ProxyStatusRegistry(), options, new XdsMetrics(), TimeProvider.System,
                NullLogger.Instance, new OptionsNodeResolver(options));
            _run = create(services, _writer, new TestCallContext(_cancel.Token)).RunAsync(new ChannelReader(_requests.Reader));
        }

        public SnapshotCache Cache { get; } = new();

        public void Send(TRequest request) => _requests.Writer.TryWrite(request).Should().BeTrue();

        public async Task<(TResponse Response, WriteFlags Flags)> NextWriteAsync()
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var next = _writer.Writes.Reader.ReadAsync(timeout.Token).AsTask();
            var done = await Task.WhenAny(next, _run);
            if (done != next)
            {
                await _run;
                throw new InvalidOperationException("the stream ended before writing");
            }

            return await next;
        }

        public async ValueTask DisposeAsync()
        {
            _requests.Writer.TryComplete();
            await _cancel.CancelAsync();
            try
            {
                await _run.WaitAsync(Timeout);
            }
            catch (RpcException)
            {
                // Cancelled mid-write: how a stream whose proxy went away ends.
            }

            _cancel.Dispose();
        }

        private sealed class RecordingWriter : IServerStreamWriter<TResponse>
        {
            public Channel<(TResponse, WriteFlags)> Writes { get; } = Channel.CreateUnbounded<(TResponse, WriteFlags)>();

            public WriteOptions? WriteOptions { get; set; }

            public Task WriteAsync(TResponse message) => WriteAsync(message, CancellationToken.None);

            public Task WriteAsync(TResponse message, CancellationToken cancellationToken)
            {
                Writes.Writer.TryWrite((message, WriteOptions?.Flags ?? default));
                return Task.CompletedTask;
            }
        }

        private sealed class ChannelReader(ChannelReader<TRequest> requests) : IAsyncStreamReader<TRequest>
        {
            public TRequest Current { get; private set; } = null!;

            public async Task<bool> MoveNext(CancellationToken cancellationToken)
            {
                if (!await requests.WaitToReadAsync(cancellationToken))
                {
                    return false;
                }

                Current = await requests.ReadAsync(cancellationToken);
                return true;
            }
        }
    }
}
