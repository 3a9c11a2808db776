using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;
using static Mesh.EndToEnd.Tests.Conformance.CallResults;

namespace Mesh.EndToEnd.Tests.Conformance;

/// <summary>
/// The real proxyless client @grpc/grpc-js-xds 1.14 against the operator in local mode: Service, Pods and
/// EndpointSlices (127.0.0.1, the backends' ports) and the MeshPolicy all go through kubectl; calls go through the
/// client's own xDS routing on <c>xds:///echo.&lt;ns&gt;.svc.cluster.local:50051</c>. Each test has its own namespace.
/// </summary>
public sealed class GrpcXdsConformanceTests(ConformanceFixture fixture, ITestOutputHelper output) : IClassFixture<ConformanceFixture>
{
    /// <summary>
    /// Binomial tolerance: 4.5 standard deviations, so a correct client fails a check about 7 times in a million runs,
    /// while a wrong split (even, or all to one side) is far outside.
    /// </summary>
    private const double Sigmas = 4.5;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ninety_ten_weights_split_600_calls_within_binomial_tolerance()
    {
        var target = await DeployAsync("split", Route("default", "[{subset: v1, weight: 90}, {subset: v2, weight: 10}]"));

        var result = await CallsAsync(target, 600);

        Errors(result).Should().Be(0);
        AssertBinomial(Count(result, "v2"), 600, 0.10, "calls reaching v2 under a 90/10 split");
    }

    [Fact]
    public async Task A_header_match_sends_every_matching_call_to_v2()
    {
        var target = await DeployAsync("header",
            Route("testers", "[{subset: v2}]", match: "{headers: [{name: x-user-group, exact: testers}]}")
            + Route("default", "[{subset: v1}]"));

        var testers = await CallsAsync(target, 100, headers: new Dictionary<string, string> { ["x-user-group"] = "testers" });
        var others = await CallsAsync(target, 100);

        Count(testers, "v2").Should().Be(100, $"{testers}");
        Count(others, "v1").Should().Be(100, $"{others}");
    }

    [Fact]
    public async Task A_fault_abort_at_50_percent_fails_half_of_the_calls_within_binomial_tolerance()
    {
        var target = await DeployAsync("fault", Route("default", "[{subset: v1}]", extra: "fault: {abort: {percent: 50, httpStatus: 503}}"));

        var result = await CallsAsync(target, 600);

        AssertBinomial(Errors(result), 600, 0.5, $"aborted calls: {result}");
        (Errors(result) + Count(result, "v1")).Should().Be(600);
    }

    [Fact]
    public async Task A_fault_abort_with_a_grpc_status_fails_the_calls_with_exactly_that_code()
    {
        var target = await DeployAsync("grpc-fault", Route("default", "[{subset: v1}]", extra: "fault: {abort: {percent: 100, grpcStatus: 8}}"));

        var result = await CallsAsync(target, 50);

        result.GetProperty("errors").TryGetProperty("RESOURCE_EXHAUSTED", out var exhausted).Should().BeTrue($"grpcStatus 8 is RESOURCE_EXHAUSTED: {result}");
        exhausted.GetInt32().Should().Be(50, $"every call is aborted with the policy's code, none mapped from HTTP: {result}");
    }

    [Fact]
    public async Task A_route_timeout_ends_calls_to_a_slow_backend_with_deadline_exceeded()
    {
        var target = await DeployAsync("timeout", Route("default", "[{subset: v1}]", extra: "timeout: 200ms"));

        var result = await CallsAsync(target, 8, headers: new Dictionary<string, string> { ["x-behave"] = "slow" });

        result.GetProperty("errors").TryGetProperty("DEADLINE_EXCEEDED", out var exceeded).Should().BeTrue($"{result}");
        exceeded.GetInt32().Should().Be(8, "the backend answers after 1 s, the route allows 200 ms (the call's own deadline is 5 s)");
        result.GetProperty("ms").GetInt32().Should().BeLessThan(1000);
    }

    [Fact]
    public async Task Retries_on_unavailable_raise_the_success_rate_against_a_flaky_backend()
    {
        var target = await DeployAsync("retries",
            Route("retrying", "[{subset: v1}]", match: "{headers: [{name: x-retry, exact: \"yes\"}]}", extra: "retries: {attempts: 3, retryOn: [unavailable]}")
            + Route("default", "[{subset: v1}]"));
        var flaky = new Dictionary<string, string> { ["x-behave"] = "flaky" };

        var plain = await CallsAsync(target, 300, headers: flaky);
        var retried = await CallsAsync(target, 300, headers: new Dictionary<string, string>(flaky) { ["x-retry"] = "yes" });

        // Half of the attempts fail: 50% success without retries, 1 - 0.5^4 = 93.75% with 3 retries.
        AssertBinomial(Count(plain, "v1"), 300, 0.5, $"successes without retries: {plain}");
        AssertBinomial(Count(retried, "v1"), 300, 0.9375, $"successes with 3 retries: {retried}");
    }

    [Fact]
    public async Task A_weight_change_applied_with_kubectl_reaches_the_running_client_within_two_seconds()
    {
        const string ns = "converge";
        var target = await DeployAsync(ns, Route("default", "[{subset: v1}]"));

        var clock = Stopwatch.StartNew();
        await ApplyAsync(Policy(ns, Route("default", "[{subset: v1, weight: 0}, {subset: v2, weight: 100}]")));
        var applied = clock.Elapsed;
        var until = await fixture.Client.AskAsync("until", new { target, backend = "v2", share = 1.0, batch = 10, timeoutMs = 10_000 }, Step);
        var total = clock.Elapsed;

        output.WriteLine($"kubectl apply took {applied.TotalMilliseconds:F0} ms; every call of a batch reached v2 {until.GetProperty("ms").GetInt32()} ms later ({total.TotalMilliseconds:F0} ms in all)");
        until.GetProperty("ok").GetBoolean().Should().BeTrue($"{until}");
        until.GetProperty("ms").GetInt32().Should().BeLessThan(2000, "a kubectl apply should reach the running client within 2 s of its return");
        var programmed = await fixture.Mesh.Kubectl.RunAsync("wait", "--for=condition=Programmed", "meshpolicy/echo", "-n", ns, "--timeout=20s");
        programmed.ExitCode.Should().Be(0, $"the client ACKed generation 2, though only its routes changed: {programmed}");
    }

    [Fact]
    public async Task Least_request_is_accepted_by_the_grpc_client_which_falls_back_to_round_robin()
    {
        const string ns = "least";
        var target = await DeployAsync(ns, Route("default", "[{subset: v1}]"));

        // grpc-js-xds implements neither least request nor Maglev: the cluster lists round robin after the wanted
        // policy, and each client takes the first it supports. Before that list, this very change was NACKed.
        await ApplyAsync(Policy(ns, Route("default", "[{subset: v1}]"), loadBalancing: "loadBalancing: {algorithm: LeastRequest}"));
        var programmed = await fixture.Mesh.Kubectl.RunAsync("wait", "--for=condition=Programmed", "meshpolicy/echo", "-n", ns, "--timeout=30s");

        programmed.ExitCode.Should().Be(0, $"the client should ACK the least-request cluster: {programmed}\n{await DescribeAsync(ns)}");
        (await DescribeAsync(ns)).Should().NotContain("ProxyRejected");
        var after = await CallsAsync(target, 100);
        Count(after, "v1").Should().Be(100, $"{after}");
    }

    [Fact]
    public async Task A_cluster_the_client_nacks_keeps_routing_as_it_was_and_describe_shows_the_rejection()
    {
        const string ns = "nack";
        var target = await DeployAsync(ns, Route("default", "[{subset: v1}]"));

        // Strict mTLS gives gRPC clients TLS clusters whose certificates come from the bootstrap's provider instance
        // "default"; this client's bootstrap has none, so it rejects them (a client without mesh certificates).
        var clock = Stopwatch.StartNew();
        await ApplyAsync(Policy(ns, Route("default", "[{subset: v1}]"), mtls: "mtls: {mode: Strict}"));
        try
        {
            var describe = "";
            var rejected = await global::Mesh.EndToEnd.Tests.Mesh.LocalMeshFixture.EventuallyAsync(async () =>
            {
                describe = await DescribeAsync(ns);
                return describe.Contains("ProxyRejected", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(20));
            output.WriteLine($"ProxyRejected shown {clock.ElapsedMilliseconds} ms after the apply started:\n{describe}");

            rejected.Should().BeTrue($"the NACK should show as Programmed=False, reason ProxyRejected:\n{describe}");
            describe.Should().MatchRegex(@"Reason:\s+ProxyRejected");
            describe.Should().Contain("tls_certificate_provider_instance", "the proxy's own error is carried over");
            describe.Should().MatchRegex(@"Field:\s+spec\.mtls", "the rejected cluster is mapped back to the setting that produced it");
            describe.Should().MatchRegex(@"Type:\s+Cluster");
            var after = await CallsAsync(target, 100);
            Count(after, "v1").Should().Be(100, $"the client keeps its last good clusters: {after}");
        }
        finally
        {
            // A NACKed cluster blocks every later CDS update of this client (one state-of-the-world list): undo it.
            await ApplyAsync(Policy(ns, Route("default", "[{subset: v1}]")));
            clock.Restart();
            var restored = await fixture.Mesh.Kubectl.RunAsync("wait", "--for=condition=Programmed", "meshpolicy/echo", "-n", ns, "--timeout=30s");
            output.WriteLine($"after undoing the NACKed change: Programmed {(restored.ExitCode == 0 ? "True" : "not True")} after {clock.ElapsedMilliseconds} ms");
            restored.ExitCode.Should().Be(0, $"undoing the NACKed change should make the policy Programmed again: {restored}");
        }
    }

    private Task<string> DescribeAsync(string ns) => fixture.Mesh.Kubectl.MustAsync("describe", "meshpolicy", "echo", "-n", ns);

    private async Task<string> DeployAsync(string ns, string routes)
    {
        await ApplyAsync(Backends(ns) + Policy(ns, routes));
        var wait = await fixture.Mesh.Kubectl.RunAsync("wait", "--for=condition=Accepted", "meshpolicy/echo", "-n", ns, "--timeout=60s");
        wait.ExitCode.Should().Be(0, $"{wait}\n{(await fixture.Mesh.Kubectl.RunAsync("describe", "meshpolicy", "echo", "-n", ns)).StdOut}");
        var target = $"xds:///echo.{ns}.svc.cluster.local:50051";
        var warm = await fixture.Client.AskAsync("until", new { target, backend = "", share = 0.0, batch = 1, timeoutMs = 20_000 }, Step);
        output.WriteLine($"{ns}: first call after {warm.GetProperty("ms").GetInt32()} ms: {warm}");
        return target;
    }

    private async Task<JsonElement> CallsAsync(string target, int n, Dictionary<string, string>? headers = null)
    {
        var result = await fixture.Client.AskAsync("calls", new { target, n, headers = headers ?? [] }, Step);
        output.WriteLine($"{target} x{n}: {result}");
        return result;
    }

    private Task ApplyAsync(string yaml) => fixture.ApplyAsync(yaml);

    private static void AssertBinomial(int observed, int n, double p, string what)
    {
        var sigma = Math.Sqrt(n * p * (1 - p));
        observed.Should().BeInRange((int)Math.Ceiling((n * p) - (Sigmas * sigma)), (int)Math.Floor((n * p) + (Sigmas * sigma)), $"{what}: expected {n * p:F1} +- {Sigmas} sigma ({sigma:F1})");
    }

    private static string Route(string name, string backends, string? match = null, string? extra = null) =>
        $"        - name: {name}\n" + (match is null ? "" : $"          match: {match}\n") + $"          backends: {backends}\n" + (extra is null ? "" : $"          {extra}\n");

    private static string Policy(string ns, string routes, string loadBalancing = "loadBalancing: {algorithm: RoundRobin}", string mtls = "mtls: {mode: Permissive}") => $$$"""
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: echo, namespace: {{{ns}}}}
        spec:
          {{{mtls}}}
          services:
            - name: echo
              ports: [{port: 50051, protocol: GRPC}]
              subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
              {{{loadBalancing}}}
              routes:
        {{{routes}}}
        """;

    private string Backends(string ns)
    {
        var yaml = $$$"""
            apiVersion: v1
            kind: Namespace
            metadata: {name: {{{ns}}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: echo, namespace: {{{ns}}}}
            spec:
              ports: [{name: grpc, port: 50051, appProtocol: grpc}]

            """;
        foreach (var (version, port) in new[] { ("v1", fixture.PortV1), ("v2", fixture.PortV2) })
        {
            yaml += $$$"""
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: echo-{{{version}}}, namespace: {{{ns}}}, labels: {app: echo, version: {{{version}}}}}
                spec:
                  containers: [{name: echo, image: example.com/echo:1}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: echo-{{{version}}}
                  namespace: {{{ns}}}
                  labels: {kubernetes.io/service-name: echo}
                addressType: IPv4
                ports: [{name: grpc, port: {{{port}}}, protocol: TCP, appProtocol: grpc}]
                endpoints:
                  - addresses: [127.0.0.1]
                    conditions: {ready: true}
                    targetRef: {kind: Pod, name: echo-{{{version}}}, namespace: {{{ns}}}}

                """;
        }

        return yaml;
    }
}
