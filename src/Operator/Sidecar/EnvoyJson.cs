using Envoy.Config.Bootstrap.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using HttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Mesh.Operator.Sidecar;

/// <summary>Writes bootstrap protos as the JSON Envoy reads: proto field names (as Envoy's own docs spell them), indented.</summary>
internal static class EnvoyJson
{
    /// <summary>Every type packed into an Any by the bootstrap builders (the formatter needs them to print @type payloads).</summary>
    public static TypeRegistry Registry { get; } = TypeRegistry.FromMessages(
        Bootstrap.Descriptor, HttpConnectionManager.Descriptor, Router.Descriptor, UpstreamTlsContext.Descriptor,
        HttpProtocolOptions.Descriptor, Secret.Descriptor);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(Registry)
        .WithPreserveProtoFieldNames(true)
        .WithFormatEnumsAsIntegers(false)
        .WithIndentation("  "));

    public static string Format(IMessage message) => Formatter.Format(message) + "\n";
}
