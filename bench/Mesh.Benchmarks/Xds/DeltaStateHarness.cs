using System.Globalization;
using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using Mesh.XdsServer.Server;
using Mesh.XdsServer.Snapshots;

namespace Mesh.Benchmarks.Xds;

/// <summary>
/// Bytes retained per delta stream by its per-type state once the stream is synced to a wildcard type of N resources
/// (issue 15: 2,000 delta sidecars). Builds the states exactly as DeltaStream does (subscribe, diff, apply), then one
/// single-resource update, and reads the managed heap after a full collection before and after.
/// Usage: delta-state [--resources 9000] [--streams 200]
/// </summary>
internal static class DeltaStateHarness
{
    public static int Run(string[] args)
    {
        var resourceCount = Option(args, "--resources", 9000);
        var streamCount = Option(args, "--streams", 200);
        var cache = new ResourceCache();
        var clusters = Enumerable.Range(0, resourceCount)
            .Select(i => new Cluster { Name = "outbound|8080||svc-" + i.ToString(CultureInfo.InvariantCulture) + ".ns.svc.cluster.local" })
            .ToArray();
        var resources = new TypeResources(TypeUrls.Cluster, clusters.Select(cache.GetOrAdd));
        var changed = clusters.ToArray();
        changed[0] = new Cluster { Name = clusters[0].Name, ConnectTimeout = new Google.Protobuf.WellKnownTypes.Duration { Seconds = 2 } };
        var next = new TypeResources(TypeUrls.Cluster, changed.Select(cache.GetOrAdd));

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var states = new List<DeltaTypeState>(streamCount);
        for (var i = 0; i < streamCount; i++)
        {
            var state = new DeltaTypeState(TypeUrls.Cluster);
            state.UpdateSubscription(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Cluster });
            Sync(state, resources);
            Sync(state, next);
            states.Add(state);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perStream = (after - before) / (double)streamCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"delta-state: {resourceCount} resources, {streamCount} streams: {perStream / 1024:F1} KiB per stream per type; x2000 streams = {perStream * 2000 / (1024 * 1024):F0} MiB"));
        GC.KeepAlive(states);
        GC.KeepAlive(resources);
        GC.KeepAlive(next);
        return 0;
    }

    private static void Sync(DeltaTypeState state, TypeResources resources)
    {
        var view = state.ComputeView(resources);
        var (updated, removed) = state.Diff(resources, view);
        state.Applied(updated, removed);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
