using Envoy.Config.Listener.V3;
using static Mesh.XdsServer.Translation.ProtoHelpers;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Proxyless gRPC clients: one API listener per HTTP service port, named <c>&lt;host&gt;:&lt;port&gt;</c> (the
/// <c>xds:///</c> target), with no address, listener filters or use_original_dst (grpc-js-xds NACKs those). Proxyless
/// servers: the gRFC A36 server listeners of the ports the pod serves (<see cref="ProxylessServerListenerBuilder"/>).
/// </summary>
internal static class ProxylessListenerBuilder
{
    public static List<Listener> Build(TranslationContext context)
    {
        var listeners = new List<Listener>();
        foreach (var service in context.Visible)
        {
            foreach (var port in service.Ports.Where(p => p.IsHttp))
            {
                var name = XdsNames.ApiListener(service, port.Port);
                listeners.Add(context.Shared.Listener(new ApiListenerKey(name), () => new Listener
                {
                    Name = name,
                    ApiListener = new ApiListener { ApiListener_ = Pack(HttpConnectionManagerFactory.Proxyless(name)) },
                }));
            }
        }
        listeners.AddRange(ProxylessServerListenerBuilder.Build(context));
        return listeners;
    }
}
