using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Mesh.XdsServer.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Xds.LoadHarness;

/// <summary>
/// The server side, run as a child process (`serve`) so that its memory is measured without the simulated proxies:
/// our ADS server on 127.0.0.1, driven by JSON commands on stdin, answering JSON lines on stdout.
/// </summary>
internal sealed class HarnessServer
{
    /// <summary>Node.cluster "shared" maps every such proxy to one snapshot key (unscoped config).</summary>
    public const string SharedKey = "shared";

    private World? _world;
    private AllocationSampler? _sampler;
    private BareAdsService? _bare;
    private string[] _keys = [];
    private bool _scoped;
    private int _streams;
    private int _deps;
    private readonly Dictionary<int, RouteConfiguration> _routes = [];

    public static async Task<int> RunAsync(TimeSpan debounce, bool bare)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddXdsServer(o =>
        {
            o.Debounce = debounce;
            o.MaxDebounceDelay = debounce + TimeSpan.FromMilliseconds(100);
            o.MaxSendMessageSize = 64 * 1024 * 1024;
            o.NodeKey = node => node.Cluster.Length > 0 ? node.Cluster : node.Id;
        });
        var bareAds = bare ? new BareAdsService() : null;
        if (bareAds is not null)
        {
            builder.Services.AddSingleton(bareAds);
        }

        await using var app = builder.Build();
        if (bareAds is null)
        {
            app.MapXdsServer();
        }
        else
        {
            app.MapGrpcService<BareAdsService>();
        }

        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Reply(new JsonObject { ["port"] = address.Port });

        var server = new HarnessServer();
        using var sampler = Environment.GetEnvironmentVariable("XDS_HARNESS_ALLOC_TYPES") == "1" ? new AllocationSampler() : null;
        server._sampler = sampler;
        server._bare = bareAds;
        var cache = app.Services.GetRequiredService<SnapshotCache>();
        var status = app.Services.GetRequiredService<IProxyStatusSource>();
        while (Console.In.ReadLine() is { } line)
        {
            var command = JsonNode.Parse(line)!.AsObject();
            var name = (string)command["cmd"]!;
            if (name == "exit")
            {
                break;
            }

            Reply(name switch
            {
                "world" => server.SetWorld(command, cache),
                "clear" => server.Clear(cache),
                "change" => server.Change(command, cache),
                "streams" => new JsonObject { ["streams"] = server._bare?.Streams ?? status.GetProxies().Count },
                "mem" => Memory(),
                "gc" => server.Collections(),
                _ => new JsonObject { ["error"] = $"unknown command {name}" },
            });
        }

        await app.StopAsync();
        return 0;
    }

    private static void Reply(JsonObject reply) => Console.Out.WriteLine(reply.ToJsonString());

    /// <summary>What the process allocated and collected so far (nothing forced).</summary>
    private JsonObject Collections() => new()
    {
        ["types"] = _sampler is null ? null : new JsonObject(_sampler.Top(25).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["allocated"] = GC.GetTotalAllocatedBytes(precise: false),
        ["gen0"] = GC.CollectionCount(0),
        ["gen1"] = GC.CollectionCount(1),
        ["gen2"] = GC.CollectionCount(2),
        ["pauseMs"] = GC.GetTotalPauseDuration().TotalMilliseconds,
    };

    private static JsonObject Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return new JsonObject
        {
            ["heap"] = GC.GetTotalMemory(forceFullCollection: true),
            ["workingSet"] = process.WorkingSet64,
            ["peakWorkingSet"] = process.PeakWorkingSet64,
        };
    }

    private JsonObject SetWorld(JsonObject command, SnapshotCache cache)
    {
        _world = new World((int)command["services"]!, (int)command["endpoints"]!);
        _scoped = (bool)command["scoped"]!;
        _streams = (int)command["streams"]!;
        _deps = (int)command["deps"]!;

        var serializationsBefore = ResourceCache.Shared.Serializations;
        var build = Stopwatch.StartNew();
        var snapshots = new List<(string Key, Snapshot Snapshot)>();
        var unique = new HashSet<IMessage>(ReferenceEqualityComparer.Instance);
        if (_scoped)
        {
            for (var proxy = 0; proxy < _streams; proxy++)
            {
                var deps = _world.Dependencies(proxy, _deps);
                _routes[proxy] = _world.Routes(deps);
                var resources = _world.ResourcesFor(deps, _routes[proxy]);
                unique.UnionWith(resources);
                snapshots.Add((ProxyId(proxy), Snapshot.Create(resources)));
            }
        }
        else
        {
            var all = Enumerable.Range(0, _world.Services).ToArray();
            _routes[-1] = _world.Routes(all);
            var resources = _world.ResourcesFor(all, _routes[-1]);
            unique.UnionWith(resources);
            snapshots.Add((SharedKey, Snapshot.Create(resources)));
        }

        build.Stop();
        var serializations = ResourceCache.Shared.Serializations - serializationsBefore;
        // The floor and the validation run before the push, not beside it: they would take the push's CPU and time.
        var uniqueBytes = unique.Sum(m => (long)m.CalculateSize());
        var floor = Floor(unique);
        var validateCold = ValidateAll(unique);
        var validate = ValidateAll(unique);
        // The server's CPU when the push starts: what it uses from here to the last ACK is the push alone.
        var cpuAtSet = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var gcAtSet = Collections();
        _sampler?.Reset();
        var setAt = Stopwatch.GetTimestamp();
        if (_bare is not null)
        {
            _bare.Push(snapshots.ToDictionary(s => s.Key, s => s.Snapshot, StringComparer.Ordinal));
        }
        else
        {
            foreach (var (key, snapshot) in snapshots)
            {
                cache.SetSnapshot(key, snapshot);
            }
        }

        var setDone = Stopwatch.GetTimestamp();
        var gcAtSetDone = Collections();
        _keys = [.. snapshots.Select(s => s.Key)];
        return new JsonObject
        {
            ["setTs"] = setAt,
            ["cpuAtSetMs"] = cpuAtSet.TotalMilliseconds,
            ["gcAtSet"] = gcAtSet,
            ["gcAtSetDone"] = gcAtSetDone,
            ["setMs"] = Stopwatch.GetElapsedTime(setAt, setDone).TotalMilliseconds,
            ["buildMs"] = build.Elapsed.TotalMilliseconds,
            ["serializations"] = serializations,
            ["uniqueResources"] = unique.Count,
            ["uniqueBytes"] = uniqueBytes,
            ["serializeOnceMs"] = floor,
            ["validateColdMs"] = validateCold,
            ["validateMs"] = validate,
        };
    }

    /// <summary>The floor: Google.Protobuf serializing each unique resource once (best of 3, after a warm-up).</summary>
    private static double Floor(IReadOnlyCollection<IMessage> unique)
    {
        var best = double.MaxValue;
        for (var round = 0; round < 4; round++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var message in unique)
            {
                _ = message.ToByteArray();
            }

            if (round > 0)
            {
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
            }
        }

        return best;
    }

    /// <summary>Drops the last world's snapshots, so that streams connecting next wait for the next world.</summary>
    private JsonObject Clear(SnapshotCache cache)
    {
        foreach (var key in _keys)
        {
            cache.ClearSnapshot(key);
        }

        _keys = [];
        return new JsonObject { ["cleared"] = true };
    }

    private static double ValidateAll(IReadOnlyCollection<IMessage> unique)
    {
        var clock = Stopwatch.StartNew();
        var errors = unique.Sum(m => ProtoValidator.Validate(m).Count);
        if (errors > 0)
        {
            throw new InvalidOperationException($"the synthetic world breaks {errors} validate rules");
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private JsonObject Change(JsonObject command, SnapshotCache cache)
    {
        var world = _world ?? throw new InvalidOperationException("no world yet");
        var service = (int)command["service"]!;
        var changed = world.ChangeOneEndpoint(service, (int)command["generation"]!);
        var snapshots = new List<(string Key, Snapshot Snapshot)>();
        if (_scoped)
        {
            for (var proxy = 0; proxy < _streams; proxy++)
            {
                var deps = world.Dependencies(proxy, _deps);
                if (Array.IndexOf(deps, service) >= 0)
                {
                    snapshots.Add((ProxyId(proxy), Snapshot.Create(world.ResourcesFor(deps, _routes[proxy]))));
                }
            }
        }
        else
        {
            snapshots.Add((SharedKey, Snapshot.Create(world.ResourcesFor([.. Enumerable.Range(0, world.Services)], _routes[-1]))));
        }

        var setAt = Stopwatch.GetTimestamp();
        if (_bare is not null)
        {
            _bare.Push(snapshots.ToDictionary(s => s.Key, s => s.Snapshot, StringComparer.Ordinal));
        }
        else
        {
            foreach (var (key, snapshot) in snapshots)
            {
                cache.SetSnapshot(key, snapshot);
            }
        }

        return new JsonObject { ["setTs"] = setAt, ["snapshots"] = snapshots.Count, ["changedBytes"] = changed.CalculateSize() };
    }

    public static string ProxyId(int proxy) => $"proxy-{proxy}";
}
