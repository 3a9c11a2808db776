using k8s;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Local;

public sealed class WatchHistoryTests(ShortHistoryFixture fixture) : IClassFixture<ShortHistoryFixture>
{
    [Fact]
    public async Task A_watch_from_a_resource_version_older_than_the_history_gets_a_410_expired_error_event()
    {
        var ns = await fixture.NewNamespaceAsync("gone");
        var old = await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        for (var i = 0; i < 5; i++)
        {
            await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"c{i}" } }, ns);
        }

        await using var watch = await RawWatch.OpenAsync(fixture, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={old.Metadata.ResourceVersion}");
        watch.StatusCode.Should().Be(200);
        var error = await watch.NextAsync();
        ((string?)error!["type"]).Should().Be("ERROR");
        ((string?)error["object"]!["reason"]).Should().Be("Expired");
        ((int)error["object"]!["code"]!).Should().Be(410);
        ((string?)error["object"]!["message"]).Should().StartWith($"too old resource version: {old.Metadata.ResourceVersion} (");
        (await watch.NextAsync()).Should().BeNull("the stream closes after the error");
    }

    [Fact]
    public async Task A_watch_from_a_recent_resource_version_still_replays()
    {
        var ns = await fixture.NewNamespaceAsync("recent");
        var recent = await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "fresh" } }, ns);
        await using var watch = await RawWatch.OpenAsync(fixture, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={recent.Metadata.ResourceVersion}");
        ((string?)(await watch.NextChangeAsync())!["type"]).Should().Be("ADDED");
    }
}
