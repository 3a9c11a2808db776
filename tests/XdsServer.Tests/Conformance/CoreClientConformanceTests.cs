using System.Text.Json;
using Envoy.Config.Route.V3;
using RouteMatch = Envoy.Config.Route.V3.RouteMatch;
using Mesh.Testing;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;
using Xunit.Abstractions;

namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>
/// A second proxyless implementation beside grpc-js-xds: gRPC C-core 1.51 (Debian's python3-grpcio, core version
/// 29.0.0, before gRFC A63). Both run the same mesh (<see cref="HeaderFormMesh"/>) from the config server, which
/// resolves each client's user agent through the capability table: C-core gets the deprecated HeaderMatcher fields
/// and routes a weighted split, a header match and a fault abort with them; grpc-js gets string_match. Served
/// string_match, C-core NACKs the routes, which is why the table exists.
/// </summary>
public sealed class CoreClientConformanceTests(ITestOutputHelper output)
{
    private const int Calls = 400;

    /// <summary>4.5 standard deviations of the binomial: a correct client fails about 7 times in a million runs.</summary>
    private const double Sigmas = 4.5;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Grpc_core_gets_the_legacy_header_matchers_and_routes_a_split_a_header_match_and_a_fault_abort()
    {
        await RunMeshAsync(
            (bootstrap, target) => CoreXdsClient.Start(bootstrap, target, Lifetime),
            ProxyCapabilities.Legacy,
            route => route.Headers.Should().OnlyContain(h => h.HeaderMatchSpecifierCase != HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch));
    }

    [Fact]
    public async Task Grpc_js_still_gets_string_match_and_routes_the_same_mesh()
    {
        await RunMeshAsync(
            (bootstrap, target) => NodeXdsClient.Start(bootstrap, target, Lifetime),
            ProxyCapabilities.Full,
            route => route.Headers.Where(h => h.Name == "x-version").Should().OnlyContain(h => h.HeaderMatchSpecifierCase == HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch));
    }

    [Fact]
    public async Task Grpc_core_nacks_routes_whose_header_matchers_use_string_match()
    {
        await using var server = await XdsTestServer.StartAsync();
        var nodeId = $"core-nack~{Guid.NewGuid():N}";
        var bootstrap = GrpcXdsBootstrap.Write($"127.0.0.1:{server.Address.Port}", nodeId);
        try
        {
            await using var client = CoreXdsClient.Start(bootstrap, HeaderFormMesh.Target, Lifetime);
            var (portA, portB) = await BackendsAsync(client);
            server.Cache.SetSnapshot(nodeId, HeaderFormMesh.SnapshotFor(portA, portB, ProxyCapabilities.Full));
            await client.SendAsync(new { cmd = "warmup", timeoutMs = 3000 });

            var status = await server.WaitForStatusAsync(nodeId, s => s.Types.Any(t => t.TypeUrl == TypeUrls.Route && t.LastNack is not null));
            var nack = status.Types.Single(t => t.TypeUrl == TypeUrls.Route).LastNack!;
            output.WriteLine($"C-core NACK: {nack.ErrorMessage}");
            nack.ErrorMessage.Should().Contain("Invalid route header matcher specified");
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }

    /// <summary>
    /// Publishes the mesh through the config server, then checks which snapshot the client's user agent chose, that
    /// it ACKed everything, and that its calls follow the split, the header route and the fault.
    /// </summary>
    private async Task RunMeshAsync(Func<string, string, IConformanceClient> start, ProxyCapabilities expected, Action<RouteMatch> headerForm)
    {
        await using var server = await XdsTestServer.StartAsync(services: s => s.AddMeshConfigServer());
        var config = server.Get<MeshConfigServer>();
        var nodeId = $"mesh-client~{Guid.NewGuid():N}";
        var bootstrap = GrpcXdsBootstrap.Write($"127.0.0.1:{server.Address.Port}", nodeId);
        try
        {
            await using var client = start(bootstrap, HeaderFormMesh.Target);
            var (portA, portB) = await BackendsAsync(client);
            config.Publish(HeaderFormMesh.Model(portA, portB)).Should().BeEmpty();
            await client.SendAsync(new { cmd = "warmup", timeoutMs = 20_000 });
            var warmup = await client.NextAsync("warmup", Step);
            warmup.GetProperty("ok").GetBoolean().Should().BeTrue($"the first call should get through: {warmup}\n{client.Stderr}");

            var status = await server.WaitForStatusAsync(nodeId, s => s.Types.Any(t => t.TypeUrl == TypeUrls.Route && t.AckedVersion is not null));
            status.Key.Should().Be(MeshConfigServer.ProxylessKeyFor(expected), "the user agent decides the snapshot");
            status.Types.Should().OnlyContain(t => t.LastNack == null, "every resource was accepted");
            server.Cache.TryGetSnapshot(status.Key, out var snapshot).Should().BeTrue();
            var routes = snapshot!.Get(TypeUrls.Route).Ordered.Select(r => (RouteConfiguration)r.Message).ToList();
            headerForm(routes.SelectMany(r => r.VirtualHosts).SelectMany(v => v.Routes).Single(r => r.Name == "by-header").Match);

            var split = await CallsAsync(client, Calls, null);
            split.Errors.Should().BeEmpty();
            split.Count("a").Should().BeInRange(Low(Calls, HeaderFormMesh.WeightA / 100.0), High(Calls, HeaderFormMesh.WeightA / 100.0),
                $"{HeaderFormMesh.WeightA}% of calls without headers go to a (b got {split.Count("b")})");

            var header = await CallsAsync(client, Calls, new Dictionary<string, string> { ["x-version"] = "b" });
            header.Errors.Should().BeEmpty();
            header.Count("b").Should().Be(Calls, "x-version: b matches the header route");

            var fault = await CallsAsync(client, Calls, new Dictionary<string, string> { ["x-fault"] = "1" });
            var aborted = fault.Errors.Where(e => e.Key.StartsWith("ABORTED", StringComparison.Ordinal)).Sum(e => e.Value);
            fault.Errors.Keys.Should().OnlyContain(k => k.StartsWith("ABORTED", StringComparison.Ordinal));
            aborted.Should().BeInRange(Low(Calls, HeaderFormMesh.AbortPercent / 100), High(Calls, HeaderFormMesh.AbortPercent / 100),
                $"{HeaderFormMesh.AbortPercent}% of x-fault calls are aborted");
            fault.Count("a").Should().Be(Calls - aborted, "the rest reach the fault route's backend");
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }

    private static async Task<(int A, int B)> BackendsAsync(IConformanceClient client)
    {
        var ports = (await client.NextAsync("backends", Step)).GetProperty("ports");
        return (ports.GetProperty("a").GetInt32(), ports.GetProperty("b").GetInt32());
    }

    private async Task<CallResult> CallsAsync(IConformanceClient client, int n, IReadOnlyDictionary<string, string>? headers)
    {
        await client.SendAsync(new { cmd = "calls", n, headers });
        var result = await client.NextAsync("calls", Step);
        output.WriteLine($"headers {JsonSerializer.Serialize(headers)}: {result}");
        return new CallResult(
            result.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()),
            result.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
    }

    private static int Low(int n, double p) => (int)Math.Ceiling((n * p) - (Sigmas * Math.Sqrt(n * p * (1 - p))));

    private static int High(int n, double p) => (int)Math.Floor((n * p) + (Sigmas * Math.Sqrt(n * p * (1 - p))));

    private sealed record CallResult(Dictionary<string, int> Counts, Dictionary<string, int> Errors)
    {
        public int Count(string backend) => Counts.GetValueOrDefault(backend);
    }
}
