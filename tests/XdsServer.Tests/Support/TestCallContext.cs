using Grpc.Core;

namespace Mesh.XdsServer.Tests.Support;

/// <summary>A call context with just a cancellation (what a resolver and a stream read of a call).</summary>
internal sealed class TestCallContext(CancellationToken cancellation) : ServerCallContext
{
    protected override string MethodCore => "/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources";

    protected override string HostCore => "127.0.0.1";

    protected override string PeerCore => "ipv4:127.0.0.1:1";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Grpc.Core.Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => cancellation;

    protected override Grpc.Core.Metadata ResponseTrailersCore { get; } = [];

    protected override Grpc.Core.Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Grpc.Core.Metadata responseHeaders) => Task.CompletedTask;
}
