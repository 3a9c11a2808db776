using System.Text.Json;
using Mesh.Testing;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;
using Mesh.XdsServer.Validation;
using Xunit.Abstractions;

namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>
/// Our ADS server driving a real, independent xDS client: @grpc/grpc-js-xds 1.14 (proxyless gRPC, Node 20), from the
/// node_modules the build installs. Calls go through the client's own routing to two local backends.
/// </summary>
public sealed class XdsClientConformanceTests(ITestOutputHelper output)
{
    private const int Calls = 600;
    private const uint WeightA = 80;

    /// <summary>
    /// Tolerance on the count of calls reaching backend a: 4.5 standard deviations of the binomial (n = 600, p = 0.8,
    /// sigma = 9.8, so +-44 calls): a correct client fails this about 7 times in a million runs, while an even split or
    /// a switch to b only is hundreds of calls away.
    /// </summary>
    private const double Sigmas = 4.5;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    [Fact]
    public void The_conformance_config_passes_protoc_gen_validate_including_the_rejected_update()
    {
        // The NACK must come from the client's own semantics, not from a malformed resource.
        ConformanceSnapshot.Weighted(1, 2, WeightA).Concat(ConformanceSnapshot.RejectedUpdate(1, 2, WeightA))
            .SelectMany(ProtoValidator.Validate).Should().BeEmpty();
    }

    [Fact]
    public async Task Grpc_js_xds_splits_calls_by_route_weight_and_keeps_routing_after_a_nack_our_server_records()
    {
        await using var server = await XdsTestServer.StartAsync();
        var nodeId = $"conformance~{Guid.NewGuid():N}";
        var bootstrap = GrpcXdsBootstrap.Write($"127.0.0.1:{server.Address.Port}", nodeId);
        try
        {
            await using var client = NodeXdsClient.Start(bootstrap, $"xds:///{ConformanceSnapshot.Host}", TimeSpan.FromSeconds(90));
            var ports = (await client.NextAsync("backends", Step)).GetProperty("ports");
            var (portA, portB) = (ports.GetProperty("a").GetInt32(), ports.GetProperty("b").GetInt32());
            output.WriteLine($"{_clock.ElapsedMilliseconds} ms: backends up on {portA} and {portB}");

            server.Cache.SetSnapshot(nodeId, Snapshot.Create(ConformanceSnapshot.Weighted(portA, portB, WeightA)));
            await client.SendAsync(new { cmd = "warmup", timeoutMs = 20_000 });
            var warmup = await client.NextAsync("warmup", Step);
            warmup.GetProperty("ok").GetBoolean().Should().BeTrue($"the first call should get through: {warmup}\n{client.Stderr}");
            output.WriteLine($"{_clock.ElapsedMilliseconds} ms: first call through");

            var before = await RunCallsAsync(client);
            AssertSplit(before, "before the rejected update");

            server.Cache.SetSnapshot(nodeId, Snapshot.Create(ConformanceSnapshot.RejectedUpdate(portA, portB, WeightA)));
            var status = await server.WaitForStatusAsync(
                nodeId, s => s.Types.Any(t => t.TypeUrl == TypeUrls.Listener && t.LastNack is not null));
            var nack = status.Types.Single(t => t.TypeUrl == TypeUrls.Listener).LastNack!;
            output.WriteLine($"{_clock.ElapsedMilliseconds} ms: NACK recorded: rejected {nack.RejectedVersion}, kept {nack.AcceptedVersion}: {nack.ErrorMessage}");
            nack.ErrorMessage.Should().Contain("use_original_dst", "the client's error_detail should be kept as sent");
            nack.AcceptedVersion.Should().NotBeEmpty("the client still runs the version it accepted before");

            var after = await RunCallsAsync(client);
            AssertSplit(after, "after the rejected update (were it applied, every call would reach b)");
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }

    private async Task<(int A, int B, int Errors)> RunCallsAsync(NodeXdsClient client)
    {
        await client.SendAsync(new { cmd = "calls", n = Calls });
        var result = await client.NextAsync("calls", Step);
        output.WriteLine($"{_clock.ElapsedMilliseconds} ms: {result}");
        var counts = result.GetProperty("counts");
        var errors = result.GetProperty("errors").EnumerateObject().Sum(e => e.Value.GetInt32());
        return (Count(counts, "a"), Count(counts, "b"), errors);
    }

    private static int Count(JsonElement counts, string backend) =>
        counts.TryGetProperty(backend, out var n) ? n.GetInt32() : 0;

    private static void AssertSplit((int A, int B, int Errors) result, string when)
    {
        var p = WeightA / 100.0;
        var sigma = Math.Sqrt(Calls * p * (1 - p));
        var expected = Calls * p;
        result.Errors.Should().Be(0, when);
        (result.A + result.B).Should().Be(Calls, when);
        result.A.Should().BeInRange(
            (int)Math.Ceiling(expected - Sigmas * sigma), (int)Math.Floor(expected + Sigmas * sigma),
            $"{WeightA}% of {Calls} calls should reach backend a {when} (b got {result.B})");
    }
}
