using k8s;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

/// <summary>Watch semantics: replay after a resourceVersion, synthetic ADDED from 0, resume, bookmarks, timeouts.</summary>
public abstract class WatchContract<TTarget>(TTarget target)
    where TTarget : IClusterTarget
{
    protected TTarget Target { get; } = target;

    [ContractFact]
    public async Task A_watch_from_a_list_resource_version_sees_only_later_changes_in_order()
    {
        var ns = await Target.NewNamespaceAsync("watchrv");
        await Create(ns, "before");
        var list = await Target.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await Create(ns, "after");
        await Target.Client.CoreV1.DeleteNamespacedConfigMapAsync("before", ns);

        await using var watch = await RawWatch.OpenAsync(Target, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={list.Metadata.ResourceVersion}");
        watch.StatusCode.Should().Be(200);
        var first = await watch.NextChangeAsync();
        var second = await watch.NextChangeAsync();
        ((string?)first!["type"], (string?)first["object"]!["metadata"]!["name"]).Should().Be(("ADDED", "after"));
        ((string?)second!["type"], (string?)second["object"]!["metadata"]!["name"]).Should().Be(("DELETED", "before"));
    }

    [ContractFact]
    public async Task A_watch_from_resource_version_0_starts_with_the_current_objects_as_added()
    {
        var ns = await Target.NewNamespaceAsync("watch0");
        await Create(ns, "existing");
        await using var watch = await RawWatch.OpenAsync(Target, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion=0&fieldSelector=metadata.name%3Dexisting");
        var first = await watch.NextChangeAsync();
        ((string?)first!["type"], (string?)first["object"]!["metadata"]!["name"]).Should().Be(("ADDED", "existing"));

        var cm = await Target.Client.CoreV1.ReadNamespacedConfigMapAsync("existing", ns);
        cm.Data["key"] = "changed";
        await Target.Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "existing", ns);
        var modified = await watch.NextChangeAsync();
        ((string?)modified!["type"], (string?)modified["object"]!["data"]!["key"]).Should().Be(("MODIFIED", "changed"));
    }

    [ContractFact]
    public async Task A_watch_resumed_from_the_last_seen_resource_version_misses_nothing()
    {
        var ns = await Target.NewNamespaceAsync("resume");
        var list = await Target.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        string lastSeen;
        await using (var watch = await RawWatch.OpenAsync(Target, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={list.Metadata.ResourceVersion}"))
        {
            await Create(ns, "one");
            var seen = await watch.NextChangeAsync();
            lastSeen = (string)seen!["object"]!["metadata"]!["resourceVersion"]!;
        }

        await Create(ns, "two");
        await Create(ns, "three");
        await using var resumed = await RawWatch.OpenAsync(Target, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={lastSeen}");
        var names = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            names.Add((string)(await resumed.NextChangeAsync())!["object"]!["metadata"]!["name"]!);
        }

        names.Should().Equal("two", "three");
    }

    [ContractFact]
    public async Task A_watch_that_allows_bookmarks_receives_them_and_ends_at_its_timeout()
    {
        var ns = await Target.NewNamespaceAsync("bookmark");
        var list = await Target.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await using var watch = await RawWatch.OpenAsync(Target, $"/api/v1/namespaces/{ns}/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=5&resourceVersion={list.Metadata.ResourceVersion}");
        var e = await watch.NextAsync(TimeSpan.FromSeconds(10));
        ((string?)e!["type"]).Should().Be("BOOKMARK");
        ((string?)e["object"]!["kind"]).Should().Be("ConfigMap");
        long.Parse((string)e["object"]!["metadata"]!["resourceVersion"]!).Should().BeGreaterThanOrEqualTo(long.Parse(list.Metadata.ResourceVersion));
        (await Task.WhenAny(watch.Ended, Task.Delay(TimeSpan.FromSeconds(15)))).Should().Be(watch.Ended, "the server ends the watch after timeoutSeconds");
    }

    [ContractFact]
    public async Task A_watch_sees_label_selected_objects_only()
    {
        var ns = await Target.NewNamespaceAsync("watchsel");
        await using var watch = await RawWatch.OpenAsync(Target, $"/api/v1/namespaces/{ns}/configmaps?watch=true&labelSelector=app%3Dweb");
        await Create(ns, "other");
        await Create(ns, "web", new Dictionary<string, string> { ["app"] = "web" });
        var e = await watch.NextChangeAsync();
        ((string?)e!["object"]!["metadata"]!["name"]).Should().Be("web");
    }

    private Task<V1ConfigMap> Create(string ns, string name, Dictionary<string, string>? labels = null) =>
        Target.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels }, Data = new Dictionary<string, string> { ["key"] = "v" } }, ns);
}
