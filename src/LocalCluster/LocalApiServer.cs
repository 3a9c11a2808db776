using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mesh.LocalCluster.Admission;
using Mesh.LocalCluster.Collection;
using Mesh.LocalCluster.Http;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Semantics;
using Mesh.LocalCluster.Storage;
using Mesh.LocalCluster.Watching;

namespace Mesh.LocalCluster;

/// <summary>
/// An embedded Kubernetes API server on Kestrel: real HTTP, JSON, watch and concurrency semantics for the built-in
/// kinds Mesh uses and for any installed CRD. A stand-in, not a cluster: no pods run and the only controller is
/// garbage collection.
/// </summary>
public sealed class LocalApiServer : IAsyncDisposable
{
    private static readonly string[] InitialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _collector;

    private readonly ObjectStore _store;

    private LocalApiServer(WebApplication app, Uri baseAddress, FaultInjector faults, GarbageCollector collector, ServiceEndpointMap endpoints, ObjectStore store)
    {
        ServiceEndpoints = endpoints;
        _store = store;
        _app = app;
        BaseAddress = baseAddress;
        Faults = faults;
        _collector = Task.Run(() => collector.RunAsync(_stopping.Token));
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>Fault injection for tests.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Where Services (webhook backends) really listen; filled by whoever serves them (local mode, tests).</summary>
    public ServiceEndpointMap ServiceEndpoints { get; }

    /// <summary>Where stand-in pods' ports really listen, for pods/proxy; filled by local mode (the operator's own pod).</summary>
    public PodProxyMap PodProxies { get; private init; } = new();

    /// <summary>A KubernetesClient configuration for this server.</summary>
    public k8s.KubernetesClientConfiguration ClientConfiguration => new() { Host = BaseAddress.ToString() };

    public static async Task<LocalApiServer> StartAsync(LocalApiServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var time = options.TimeProvider;
        var store = new ObjectStore(new WatchHub(options.WatchHistoryLimit));
        var registry = new ResourceRegistry();
        var lifecycle = new ObjectLifecycle(store, registry, time, new ValidationAdmission(), Guid.NewGuid, Random.Shared);
        var deletion = new ObjectDeletion(lifecycle);
        var endpoints = new ServiceEndpointMap();
        var admission = new DynamicAdmission(
            new AdmissionChain(new StoreWebhookSource(store), new WebhookCaller(endpoints), Guid.NewGuid),
            new Admission.Policies.PolicyAdmission(new Admission.Policies.StorePolicySource(store), store));
        var context = new ServerContext(store, registry, lifecycle, deletion, time, options.BookmarkInterval, admission);
        var faults = new FaultInjector(store);
        Seed(lifecycle, registry);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(kestrel =>
        {
            var address = options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host);
            kestrel.Listen(address, options.Port);
            // Above our own 3 MiB check so that the API's 413 Status is what clients see.
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes + (1024 * 1024);
        });
        var app = builder.Build();
        var podProxies = new PodProxyMap();
        var dispatcher = new ApiDispatcher(context, faults, app.Logger, podProxies);
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new LocalApiServer(app, uri, faults, new GarbageCollector(lifecycle, deletion), endpoints, store) { PodProxies = podProxies };
    }

    /// <summary>
    /// Calls <paramref name="observe"/> with each object of the resource <paramref name="group"/>/<paramref name="plural"/>
    /// as it is stored, under the store's gate (keep it short). For the benchmarks: the moment a write is committed,
    /// which a saturated client hears about later. Disposing stops it.
    /// </summary>
    internal IDisposable ObserveCommits(string group, string plural, Action<JsonObject> observe)
    {
        ArgumentNullException.ThrowIfNull(observe);
        var subscription = new WatchSubscription(new ResourceTypeKey(group, plural), null, obj =>
        {
            observe(obj);
            return false;
        });
        lock (_store.Gate)
        {
            _store.Hub.Add(subscription);
        }

        return new CommitObserver(_store, subscription);
    }

    private sealed class CommitObserver(ObjectStore store, WatchSubscription subscription) : IDisposable
    {
        public void Dispose()
        {
            lock (store.Gate)
            {
                store.Hub.Remove(subscription);
            }

            subscription.Dispose();
        }
    }

    /// <summary>Writes a kubeconfig (context "mesh-local", namespace default) pointing at this server; returns the path.</summary>
    public string WriteKubeconfig(string path) => KubeconfigWriter.Write(BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Faults.DropWatches();
        await _app.StopAsync().ConfigureAwait(false);
        await _collector.ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static void Seed(ObjectLifecycle lifecycle, ResourceRegistry registry)
    {
        var namespaces = registry.Current.Find("", "v1", "namespaces")!;
        foreach (var name in InitialNamespaces)
        {
            var ns = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };
            lifecycle.Create(namespaces, "", ns, WriteOptions.Default);
        }
    }
}
