using k8s.Models;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Runtime;

/// <summary>Informers against the embedded API, faults from its FaultInjector.</summary>
public sealed class InformerTests
{
    private static V1ConfigMap ConfigMap(string ns, string name) =>
        new() { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new() { Name = name, NamespaceProperty = ns } };

    private static async Task<(Informer<V1ConfigMap> Informer, List<string> Deletes, Task Run)> StartInformer(TestApi env, CancellationToken ct)
    {
        var informer = new Informer<V1ConfigMap>(ResourceKinds.ConfigMap, env.NewApi(out _), TimeProvider.System, NullLogger.Instance,
            new InformerOptions { Namespace = env.Namespace, MinRetryDelay = TimeSpan.FromMilliseconds(20) });
        var deletes = new List<string>();
        informer.AddHandler((oldObject, newObject) =>
        {
            if (newObject is null)
            {
                lock (deletes)
                {
                    deletes.Add(oldObject!.Metadata.Name);
                }
            }
        });
        var run = informer.RunAsync(ct);
        await informer.Synced.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => env.Server.Faults.OpenWatchCount > 0, "the informer's watch is open");
        return (informer, deletes, run);
    }

    [Fact]
    public async Task Lists_then_watches_adds_updates_and_deletes_into_the_cache()
    {
        await using var env = await TestApi.StartAsync();
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, ConfigMap(env.Namespace, "before"), default);
        using var cts = new CancellationTokenSource();
        var (informer, deletes, run) = await StartInformer(env, cts.Token);

        informer.Cache.Get(env.Namespace, "before").Should().NotBeNull("the first list fills the cache");
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, ConfigMap(env.Namespace, "after"), default);
        await env.Api.MergePatchAsync<V1ConfigMap>(ResourceKinds.ConfigMap, new(env.Namespace, "after"), """{"data":{"k":"v"}}""", null, default);
        await env.Api.SendForStringAsync(HttpMethod.Delete, ResourceKinds.ConfigMap.ObjectPath(new(env.Namespace, "before")), null, null, default);

        await Eventually.True(() => informer.Cache.Get(env.Namespace, "after")?.Data?["k"] == "v", "the update is cached");
        await Eventually.True(() => informer.Cache.Get(env.Namespace, "before") is null, "the delete is cached");
        deletes.Should().Equal("before");
        informer.Lists.Should().Be(1);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_its_resourceVersion_and_delivers_a_delete_made_during_the_gap()
    {
        await using var env = await TestApi.StartAsync();
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, ConfigMap(env.Namespace, "keep"), default);
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, ConfigMap(env.Namespace, "gone"), default);
        using var cts = new CancellationTokenSource();
        var (informer, deletes, run) = await StartInformer(env, cts.Token);

        // Hold the reconnect so the delete certainly falls in the gap.
        env.Server.Faults.DelayResponses(TimeSpan.FromMilliseconds(500), "watch", "configmaps");
        env.Server.Faults.DropWatches("configmaps").Should().BeGreaterThan(0);
        await env.Api.SendForStringAsync(HttpMethod.Delete, ResourceKinds.ConfigMap.ObjectPath(new(env.Namespace, "gone")), null, null, default);
        env.Server.Faults.Reset();

        await Eventually.True(() => informer.Cache.Get(env.Namespace, "gone") is null, "the delete made during the gap arrives");
        deletes.Should().Equal("gone");
        informer.Cache.Get(env.Namespace, "keep").Should().NotBeNull();
        informer.Lists.Should().Be(1, "a dropped stream resumes from its resourceVersion without a new list");
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_410_Gone_relists_and_delivers_the_deletes_missed_during_the_gap_from_the_diff()
    {
        await using var env = await TestApi.StartAsync();
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, ConfigMap(env.Namespace, "keep"), default);
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, ConfigMap(env.Namespace, "gone"), default);
        using var cts = new CancellationTokenSource();
        var (informer, deletes, run) = await StartInformer(env, cts.Token);

        env.Server.Faults.FailNext("watch", "configmaps", 410);
        env.Server.Faults.DelayResponses(TimeSpan.FromMilliseconds(300), "list", "configmaps");
        env.Server.Faults.DropWatches("configmaps");
        await env.Api.SendForStringAsync(HttpMethod.Delete, ResourceKinds.ConfigMap.ObjectPath(new(env.Namespace, "gone")), null, null, default);
        await Eventually.True(() => informer.Lists == 2, "the 410 makes the informer list again");
        env.Server.Faults.Reset();

        await Eventually.True(() => informer.Cache.Get(env.Namespace, "gone") is null, "the re-list drops the deleted object");
        deletes.Should().Equal("gone");
        informer.Cache.Get(env.Namespace, "keep").Should().NotBeNull();
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, ConfigMap(env.Namespace, "later"), default);
        await Eventually.True(() => informer.Cache.Get(env.Namespace, "later") is not null, "the watch after the re-list works");
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Server_errors_on_list_are_retried_until_the_cache_syncs()
    {
        await using var env = await TestApi.StartAsync();
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, ConfigMap(env.Namespace, "a"), default);
        env.Server.Faults.FailNext("list", "configmaps", 500, count: 3);
        using var cts = new CancellationTokenSource();

        var (informer, _, run) = await StartInformer(env, cts.Token);

        informer.Cache.Get(env.Namespace, "a").Should().NotBeNull();
        await cts.CancelAsync();
        await run;
    }
}
