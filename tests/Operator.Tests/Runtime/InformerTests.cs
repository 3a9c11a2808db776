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

    [Fact]
    public async Task A_kind_whose_crd_is_absent_is_synced_and_empty_and_fills_once_the_crd_is_installed()
    {
        await using var env = await TestApi.StartAsync();
        var widgets = new ResourceKind { Group = "test.mesh.dev", Version = "v1", Plural = "widgets", Kind = "Widget" };
        // ConfigMap is only the carrier: the informer needs metadata, and a widget has nothing else here.
        var informer = new Informer<V1ConfigMap>(widgets, env.NewApi(out _), TimeProvider.System, NullLogger.Instance,
            new InformerOptions { MinRetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100) });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        await informer.Synced.WaitAsync(TimeSpan.FromSeconds(10));
        informer.Served.Should().BeFalse("the API server answers 404 for a kind without its CRD");
        informer.Cache.List().Should().BeEmpty();

        const string crd = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"widgets.test.mesh.dev"},
             "spec":{"group":"test.mesh.dev","scope":"Namespaced",
               "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
               "versions":[{"name":"v1","served":true,"storage":true,
                 "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """;
        await env.Api.SendForStringAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, "application/json", default);
        await Eventually.True(async () =>
        {
            try
            {
                await env.Api.SendForStringAsync(HttpMethod.Post, $"/apis/test.mesh.dev/v1/namespaces/{env.Namespace}/widgets",
                    $$$"""{"apiVersion":"test.mesh.dev/v1","kind":"Widget","metadata":{"name":"w1","namespace":"{{{env.Namespace}}}"}}""", "application/json", default);
                return true;
            }
            catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return false;
            }
        }, "the new kind is served");

        await Eventually.True(() => informer.Served && informer.Cache.Get(env.Namespace, "w1") is not null, "the informer lists the kind once it is served");
        await cts.CancelAsync();
        await run;
    }
}
