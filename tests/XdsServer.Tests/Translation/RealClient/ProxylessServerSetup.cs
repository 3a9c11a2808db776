using Mesh.Testing;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation.RealClient;

/// <summary>What the real proxyless server tests (grpc-js-xds and C-core) share: the policy, the bootstrap, a port.</summary>
internal static class ProxylessServerSetup
{
    /// <summary>Service echo.demo (app=echo) on <paramref name="port"/>, gRPC, Permissive, one Allow rule on <paramref name="method"/>.</summary>
    public static MeshService EchoAllowing(string method, int port) =>
        new()
        {
            Name = "echo",
            Namespace = "demo",
            Selector = new Dictionary<string, string> { ["app"] = "echo" },
            Ports = [new ServicePort { Port = port, Protocol = ServiceProtocol.Grpc }],
            Authorization = new AuthorizationPolicy
            {
                Rules = [new AuthorizationRule { To = [new AuthorizationOperation { Paths = [$"/mesh.conformance.Echo/{method}"] }] }],
            },
        };

    /// <summary>A gRPC xDS bootstrap for <paramref name="nodeId"/> with the A36 server listener template; the caller deletes it.</summary>
    public static string BootstrapWithServerTemplate(string server, string nodeId) =>
        GrpcXdsBootstrap.Write(server, nodeId, serverListenerTemplate: XdsNames.ProxylessServerListenerTemplate);

    /// <summary>The grpc-js-xds XdsServer both grpc-js server tests drive (RBAC calls, and mTLS with MESH_SERVER_CREDENTIALS=xds).</summary>
    public static readonly string GrpcJsServerScript = RepoPaths.Of("tests", "XdsServer.Tests", "Translation", "RealClient", "node", "rbac-server.js");
}
