using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Local;

public sealed class FaultInjectionTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task Dropping_watches_ends_open_streams_and_a_resumed_watch_misses_nothing()
    {
        var ns = await fixture.NewNamespaceAsync("drop");
        var list = await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        var watch = await RawWatch.OpenAsync(fixture, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={list.Metadata.ResourceVersion}");
        await Create(ns, "one");
        var seen = await watch.NextChangeAsync();

        fixture.Server.Faults.DropWatches("configmaps").Should().BeGreaterThan(0);
        (await Task.WhenAny(watch.Ended, Task.Delay(TimeSpan.FromSeconds(10)))).Should().Be(watch.Ended);
        await watch.DisposeAsync();

        await Create(ns, "two");
        await using var resumed = await RawWatch.OpenAsync(fixture, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={seen!["object"]!["metadata"]!["resourceVersion"]}");
        ((string?)(await resumed.NextChangeAsync())!["object"]!["metadata"]!["name"]).Should().Be("two");
    }

    [Fact]
    public async Task Dropping_watches_makes_kubectl_get_watch_exit_cleanly()
    {
        var ns = await fixture.NewNamespaceAsync("dropkubectl");
        var before = fixture.Server.Faults.OpenWatchCount;
        var watching = fixture.Kubectl.RunWithInputAsync(null, TimeSpan.FromSeconds(30), "get", "configmaps", "-n", ns, "-w");
        await Eventually.True(() => fixture.Server.Faults.OpenWatchCount > before, "kubectl is watching");
        fixture.Server.Faults.DropWatches("configmaps");
        var result = await watching;
        result.ExitCode.Should().Be(0, result.ToString());
    }

    [Theory]
    [InlineData(409, "Conflict")]
    [InlineData(429, "TooManyRequests")]
    [InlineData(500, "InternalError")]
    public async Task Chosen_requests_are_answered_with_the_chosen_status_then_served_normally(int code, string reason)
    {
        var ns = await fixture.NewNamespaceAsync("fail");
        var name = $"target{code}";
        await Create(ns, name);
        fixture.Server.Faults.FailNext("get", "configmaps", code, count: 1, name: name);

        var (status, body, _) = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/{name}");
        status.Should().Be(code);
        ((string?)body!["reason"]).Should().Be(reason);
        ((string?)body["kind"]).Should().Be("Status");

        (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/{name}")).Status.Should().Be(200);
    }

    [Fact]
    public async Task An_injected_create_failure_reaches_the_client_as_an_http_error()
    {
        var ns = await fixture.NewNamespaceAsync("failcreate");
        fixture.Server.Faults.FailNext("create", "secrets", 500);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, ns));
        error.Response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, ns)).Should().NotBeNull();
    }

    [Fact]
    public async Task Delayed_responses_arrive_after_the_delay()
    {
        var ns = await fixture.NewNamespaceAsync("delay");
        fixture.Server.Faults.DelayResponses(TimeSpan.FromMilliseconds(400), "list", "leases");
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await fixture.Client.CoordinationV1.ListNamespacedLeaseAsync(ns);
            started.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350));
        }
        finally
        {
            fixture.Server.Faults.Reset();
        }
    }

    private Task<V1ConfigMap> Create(string ns, string name) =>
        fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, ns);
}
