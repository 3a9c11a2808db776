using System.Diagnostics;
using Envoy.Config.Core.V3;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Benchmarks.Translation;

/// <summary>
/// What one <see cref="MeshConfigServer.Publish"/> costs with sidecars connected, and what it changes: a cold model,
/// then an endpoint-only change of one service, then a route weight change of one service. For each: wall time,
/// server CPU (this process), serializations, and how many sidecar snapshots changed each type's version (a changed
/// version is a push on that stream). Arguments: services, sidecars, rounds, and optionally
/// <c>endpoints</c> or <c>routes</c> to run one kind of change only (<c>both</c> for both), then optionally
/// <c>scoped</c>: each namespace's sidecars configured for its own services only (as the e2e harness's <c>--scoped</c>).
/// </summary>
internal static class IncrementalPublishHarness
{
    public static int Run(string[] args)
    {
        var services = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        var sidecars = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
        // "endpoints" or "routes" runs one kind of change only (to profile it alone).
        var only = args.Length > 3 ? args[3] : "both";
        var scoped = args.Length > 4 && args[4] == "scoped";
        Console.WriteLine($"incremental-publish: {services} services x 10 endpoints, {sidecars} sidecars{(scoped ? " (scoped to their namespace)" : "")}, {rounds} rounds; uptime: {File.ReadAllText("/proc/loadavg").Trim()}");

        var baseModel = LargeMeshModel.Build(services, 10, "");
        if (scoped)
        {
            baseModel = baseModel with
            {
                EgressByNamespace = baseModel.Services.Select(s => s.Namespace).Distinct()
                    .ToDictionary(ns => ns, ns => new EgressPolicy { Services = [$"{ns}/*"] }),
            };
        }
        var workloads = Enumerable.Range(0, sidecars).Select(j => new Workload
        {
            Name = $"pod-{j}",
            Namespace = $"ns-{j % services % 10}",
            Ip = $"10.200.{j / 250}.{j % 250}",
            ServiceAccount = $"sa-{j % services}",
            Labels = new Dictionary<string, string> { ["app"] = $"svc-{j % services}" },
        }).ToArray();
        var model = baseModel with { Workloads = workloads };
        var cache = new SnapshotCache();
        var server = new MeshConfigServer(cache, NullLogger<MeshConfigServer>.Instance);
        Measure("cold (first publish, nobody connected)", server, cache, model, []);
        // What a restarted operator does for every reconnecting sidecar (one at a time, under the server's lock).
        var resolving = System.Diagnostics.Stopwatch.StartNew();
        var resolveCpu = Environment.CpuUsage.TotalTime;
        var keys = workloads.Select(w => server.ResolveAsync(new Node { Id = SidecarContract.NodeId(w.Ip, w.Name, w.Namespace) }, null!).AsTask().GetAwaiter().GetResult()).ToArray();
        Console.WriteLine($"  first stream of each of {keys.Length} sidecars: {resolving.Elapsed.TotalMilliseconds:F0} ms " +
            $"({resolving.Elapsed.TotalMilliseconds / keys.Length:F2} ms each, CPU {(Environment.CpuUsage.TotalTime - resolveCpu).TotalMilliseconds:F0} ms)");
        Measure("cold (new instances, all connected)", server, cache, model = Rebuilt(model), keys);

        for (var round = 0; round < (only == "routes" ? 0 : rounds); round++)
        {
            var target = (round * 37) % services;
            model = WithService(model, target, s => s with
            {
                Endpoints = [.. s.Endpoints.Take(9), s.Endpoints[9] with { Address = $"10.250.{round}.{target % 250}" }],
            });
            Measure($"endpoint-only change of svc-{target}", server, cache, model, keys);
        }
        for (var round = 0; round < (only == "endpoints" ? 0 : rounds); round++)
        {
            var target = (round * 53 + 1) % services;
            model = WithService(model, target, s => s with
            {
                Routes = [s.Routes[0], s.Routes[1] with { Backends = [s.Routes[1].Backends[0] with { Weight = 80 - round }, s.Routes[1].Backends[1] with { Weight = 20 + round }] }],
            });
            Measure($"route weight change of svc-{target}", server, cache, model, keys);
        }
        return 0;
    }

    private static MeshModel Rebuilt(MeshModel model) => model with { Services = model.Services.Select(s => s with { }).ToArray() };

    private static MeshModel WithService(MeshModel model, int index, Func<MeshService, MeshService> change) =>
        model with { Services = model.Services.Select((s, i) => i == index ? change(s) : s).ToArray() };

    private static void Measure(string what, MeshConfigServer server, SnapshotCache cache, MeshModel model, IReadOnlyList<string> keys)
    {
        var before = keys.Select(k => cache.TryGetSnapshot(k, out var s) ? s : null).ToArray();
        var serializations = ResourceCache.Shared.Serializations;
        var builds = server.ScopeBuilds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var errors = server.Publish(model);
        clock.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }
        var changed = TypeUrls.PushOrder.ToDictionary(t => TypeUrls.ShortName(t), _ => 0);
        for (var i = 0; i < keys.Count; i++)
        {
            if (!cache.TryGetSnapshot(keys[i], out var after))
            {
                continue;
            }
            foreach (var type in TypeUrls.PushOrder)
            {
                if (before[i]?.GetVersion(type) != after.GetVersion(type))
                {
                    changed[TypeUrls.ShortName(type)]++;
                }
            }
        }
        Console.WriteLine($"  {what}: {clock.Elapsed.TotalMilliseconds:0.0} ms wall, {used.TotalMilliseconds:0} ms CPU, " +
            $"{ResourceCache.Shared.Serializations - serializations} serializations, {server.ScopeBuilds - builds} scopes built, snapshots with a new version per type: " +
            string.Join(" ", changed.Select(c => $"{c.Key}={c.Value}")));
        Console.WriteLine($"    breakdown: {server.LastPublishTimings}");
        // Which resources are new instances (each one serialized and pushed): distinct across the sidecar snapshots.
        var old = before.OfType<Snapshot>().SelectMany(s => s.Types.Values).SelectMany(t => t.Ordered).ToHashSet(ReferenceEqualityComparer.Instance);
        var fresh = keys.Select(k => cache.TryGetSnapshot(k, out var s) ? s : null).OfType<Snapshot>()
            .SelectMany(s => s.Types.Values).SelectMany(t => t.Ordered).Distinct(ReferenceEqualityComparer.Instance).Cast<CachedResource>()
            .Where(r => !old.Contains(r)).ToList();
        if (before.Any(b => b is not null))
        {
            Console.WriteLine("    new resource instances in sidecar snapshots: " +
                string.Join(" ", fresh.GroupBy(r => TypeUrls.ShortName(r.TypeUrl)).Select(g => $"{g.Key}={g.Count()} (e.g. {g.First().Name})")));
        }
    }
}
