using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>
/// The mesh both proxyless implementations run in CoreClientConformanceTests: Service echo.demo:50051 with subsets a
/// and b (the client process's two local backends), a header route (<c>x-version: b</c> -> b), a fault route
/// (<c>x-fault</c> present: half the calls aborted with ABORTED) and a weighted default (80 a / 20 b).
/// </summary>
internal static class HeaderFormMesh
{
    public const int Port = 50051;
    public const uint WeightA = 80;
    public const double AbortPercent = 50;

    /// <summary>grpc.StatusCode ABORTED: no transport failure produces it, so every one counted is the fault filter's.</summary>
    public const int AbortStatus = 10;

    public static string Target => $"xds:///{XdsNames.ApiListener(Service(1, 2), Port)}";

    public static MeshModel Model(int portA, int portB) => new() { Services = [Service(portA, portB)] };

    /// <summary>The translator's resources for a proxyless client with <paramref name="capabilities"/>, as one snapshot.</summary>
    public static Snapshot SnapshotFor(int portA, int portB, ProxyCapabilities capabilities) =>
        Snapshot.Create(MeshTranslator.TranslateOnce(
            Model(portA, portB),
            new ProxyScope { Namespace = "", Kind = ProxyKind.ProxylessGrpc, Capabilities = capabilities }).All());

    private static MeshService Service(int portA, int portB) => new()
    {
        Name = "echo",
        Namespace = "demo",
        Ports = [new ServicePort { Port = Port, Protocol = ServiceProtocol.Grpc }],
        Subsets = [Subset("a"), Subset("b")],
        Endpoints = [Endpoint("a", portA), Endpoint("b", portB)],
        Routes =
        [
            new MeshRoute
            {
                Name = "by-header",
                Match = new RouteMatch { Headers = [new HeaderMatch { Name = "x-version", Exact = "b" }] },
                Backends = [new RouteBackend { Subset = "b" }],
            },
            new MeshRoute
            {
                Name = "fault",
                Match = new RouteMatch { Headers = [new HeaderMatch { Name = "x-fault", Present = true }] },
                Backends = [new RouteBackend { Subset = "a" }],
                Fault = new FaultPolicy { Abort = new FaultAbort { Percent = AbortPercent, GrpcStatus = AbortStatus } },
            },
            new MeshRoute
            {
                Name = "split",
                Backends = [new RouteBackend { Subset = "a", Weight = (int)WeightA }, new RouteBackend { Subset = "b", Weight = 100 - (int)WeightA }],
            },
        ],
    };

    private static ServiceSubset Subset(string name) => new() { Name = name, Labels = new Dictionary<string, string> { ["backend"] = name } };

    private static ServiceEndpoint Endpoint(string name, int port) => new()
    {
        Address = "127.0.0.1",
        Ports = new Dictionary<int, int> { [Port] = port },
        Labels = new Dictionary<string, string> { ["backend"] = name },
        Zone = "loopback",
        Region = "local",
    };
}
