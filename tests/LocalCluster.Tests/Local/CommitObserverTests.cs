using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Local;

/// <summary>LocalApiServer.ObserveCommits (for the benchmarks): every stored object of the type, as it is stored, until disposed.</summary>
public sealed class CommitObserverTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task Each_write_of_the_type_is_seen_as_it_is_stored_and_nothing_after_disposal()
    {
        var ns = await fixture.NewNamespaceAsync("commits");
        var seen = new ConcurrentQueue<string>();
        var observer = fixture.Server.ObserveCommits("", "configmaps", obj => seen.Enqueue((string)obj["metadata"]!["name"]!));

        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "first" } }, ns);
        await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "other-type" } }, ns);
        seen.Should().Equal(["first"], "the write has returned, so it was stored, and the observer saw it then; a Secret is another type");

        observer.Dispose();
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "second" } }, ns);
        seen.Should().Equal(["first"]);
        fixture.Server.Faults.OpenWatchCount.Should().Be(0, "a disposed observer leaves no subscription behind");
    }
}
