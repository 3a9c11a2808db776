using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Listener.OriginalDst.V3;
using Envoy.Extensions.Filters.Listener.TlsInspector.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Extensions.Upstreams.Http.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>Renders resources as indented proto3 JSON with the Any payloads expanded (readable goldens).</summary>
internal static class XdsJson
{
    private static readonly TypeRegistry Registry = TypeRegistry.FromMessages(
        HTTPFault.Descriptor, Router.Descriptor, HttpConnectionManager.Descriptor, TcpProxy.Descriptor,
        OriginalDst.Descriptor, TlsInspector.Descriptor, DownstreamTlsContext.Descriptor, UpstreamTlsContext.Descriptor,
        HttpProtocolOptions.Descriptor);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Registry));

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(IEnumerable<IMessage> messages)
    {
        var array = new JsonArray();
        foreach (var message in messages)
        {
            array.Add(JsonNode.Parse(Formatter.Format(message)));
        }
        return array.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
    }

    public static string Render<T>(IReadOnlyDictionary<string, T> map) =>
        JsonSerializer.Serialize(new SortedDictionary<string, T>(map.ToDictionary(), StringComparer.Ordinal), Indented)
            .ReplaceLineEndings("\n") + "\n";
}
