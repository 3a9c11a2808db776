using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Grpc.Core;

namespace Mesh.XdsServer.Server.Wire;

/// <summary>
/// The AggregatedDiscoveryService's two methods as Grpc.Tools generates them (same service and method names, so the
/// same paths), except that a DiscoveryRequest is read by <see cref="DiscoveryRequestReader"/>.
/// </summary>
internal static class AdsServiceBinding
{
    private const string ServiceName = "envoy.service.discovery.v3.AggregatedDiscoveryService";

    private static readonly Method<DiscoveryRequest, DiscoveryResponse> Stream = new(
        MethodType.DuplexStreaming, ServiceName, "StreamAggregatedResources",
        Marshallers.Create(Serialize, context => DiscoveryRequestReader.Read(context.PayloadAsReadOnlySequence())),
        Marshallers.Create(Serialize, context => DiscoveryResponse.Parser.ParseFrom(context.PayloadAsReadOnlySequence())));

    private static readonly Method<DeltaDiscoveryRequest, DeltaDiscoveryResponse> Delta = new(
        MethodType.DuplexStreaming, ServiceName, "DeltaAggregatedResources",
        Marshallers.Create(Serialize, context => DeltaDiscoveryRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence())),
        Marshallers.Create(Serialize, context => DeltaDiscoveryResponse.Parser.ParseFrom(context.PayloadAsReadOnlySequence())));

    public static void BindService(ServiceBinderBase binder, AdsServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(Stream, service is null ? null : new DuplexStreamingServerMethod<DiscoveryRequest, DiscoveryResponse>(service.StreamAggregatedResources));
        binder.AddMethod(Delta, service is null ? null : new DuplexStreamingServerMethod<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(service.DeltaAggregatedResources));
    }

    /// <summary>As the generated helper writes a buffer message: its size first, then straight into gRPC's buffer.</summary>
    private static void Serialize(IBufferMessage message, SerializationContext context)
    {
        var imessage = (IMessage)message;
        context.SetPayloadLength(imessage.CalculateSize());
        imessage.WriteTo(context.GetBufferWriter());
        context.Complete();
    }
}
