using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mesh.Xds.LoadHarness;

/// <summary>S1: streams connected and subscribed, then the whole config set at once; time until every stream ACKed.</summary>
internal static class ColdPush
{
    public static async Task RunAsync(HarnessOptions options)
    {
        var streams = options.Streams ?? 1000;
        Console.WriteLine($"## S1 cold push: {options.Services} services x {options.EndpointsPerService} endpoints to {streams} SotW streams");
        Console.WriteLine();
        Console.WriteLine("| config | all ACKed | floor: serialize once | push / floor | serializations / unique resources | CDS / EDS / LDS / RDS bytes per stream | server heap after | server peak working set | validate all (ProtoValidator) | CPU from the world command to the last ACK: server / clients | server CPU from the push to the last ACK | server allocations and GCs in the push |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var scoped in options.ScopedOnly ? new[] { true } : new[] { false, true })
        {
            try
            {
                await RunOnceAsync(options, streams, scoped, warm: false);
                // The same push from a server that has pushed once before: its code compiled and its caches sized, as
                // the operator's xDS server is after its first minutes (a new stream set and new resource instances).
                await RunOnceAsync(options, streams, scoped, warm: true);
            }
            catch (TimeoutException e)
            {
                Console.WriteLine($"| {(scoped ? "scoped" : "unscoped")} | did not finish: {e.Message} | | | | | | | |");
            }
        }

        Console.WriteLine();
    }

    private static async Task RunOnceAsync(HarnessOptions options, int streams, bool scoped, bool warm)
    {
        var world = new World(options.Services, options.EndpointsPerService);
        await using var server = await ServerProcess.StartAsync(options.Debounce, options.Bare);
        if (warm)
        {
            await using (var first = await Fleet.ConnectAsync(server.Address, world, 0, streams, delta: false, scoped, options.Dependencies, parallelism: 64))
            {
                await server.WaitForStreamsAsync(streams, TimeSpan.FromMinutes(2));
                await PushWorldAsync(server, options, streams, scoped);
                await Fleet.WaitForAcksAsync(first.Proxies, [0, 1, 2, 3], (_, _) => 0, TimeSpan.FromMinutes(5));
            }

            await server.SendAsync(new JsonObject { ["cmd"] = "clear" });
            await server.WaitForStreamsAsync(0, TimeSpan.FromMinutes(2));
        }

        await using var fleet = await Fleet.ConnectAsync(
            server.Address, world, 0, streams, delta: false, scoped, options.Dependencies, parallelism: 64);
        await server.WaitForStreamsAsync(streams, TimeSpan.FromMinutes(2));

        // Where the time over the floor goes: the server's CPU (its own process) against the simulated clients' (this one).
        var serverCpu = server.Cpu();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var reply = await PushWorldAsync(server, options, streams, scoped);
        var setTs = (long)reply["setTs"]!;
        var last = await Fleet.WaitForAcksAsync(fleet.Proxies, [0, 1, 2, 3], (_, _) => 0, TimeSpan.FromMinutes(5));
        var allAcked = Stopwatch.GetElapsedTime(setTs, last);
        // For a profiler recording the server with CLOCK_MONOTONIC (`perf record -k CLOCK_MONOTONIC`): the push's window.
        if (Environment.GetEnvironmentVariable("XDS_HARNESS_PRINT_WINDOWS") is "1")
        {
            Console.Error.WriteLine($"window {(warm ? "warm" : "cold")} {setTs * (1e9 / Stopwatch.Frequency):F0} {last * (1e9 / Stopwatch.Frequency):F0}");
        }

        var serverUsed = server.Cpu() - serverCpu;
        var serverPush = server.Cpu() - TimeSpan.FromMilliseconds((double)reply["cpuAtSetMs"]!);
        var gc = await server.CollectionsAsync();
        var gcAtSet = reply["gcAtSet"]!.AsObject();
        long Moved(string counter) => (long)gc[counter]! - (long)gcAtSet[counter]!;
        var pushGc = $"{Stats.Bytes(Moved("allocated"))}, gen0/1/2 {Moved("gen0")}/{Moved("gen1")}/{Moved("gen2")}, " +
            $"paused {(double)gc["pauseMs"]! - (double)gcAtSet["pauseMs"]!:F0} ms";
        var setDone = reply["gcAtSetDone"]!.AsObject();
        pushGc += $" (setting the snapshots: {Stats.Bytes((long)setDone["allocated"]! - (long)gcAtSet["allocated"]!)})";
        if (setDone["types"] is JsonObject setTypes)
        {
            Console.Error.WriteLine("allocations sampled while setting the snapshots, by type: " +
                string.Join(", ", setTypes.Select(t => $"{t.Key} {Stats.Bytes((long)t.Value!)}")));
        }

        if (gc["types"] is JsonObject types)
        {
            Console.Error.WriteLine($"allocations sampled in the {(warm ? "warm" : "cold")} push, by type: " +
                string.Join(", ", types.Select(t => $"{t.Key} {Stats.Bytes((long)t.Value!)}")));
        }
        var clientsUsed = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
        var (heap, _, peak) = await server.MemoryAsync();
        var floor = (double)reply["serializeOnceMs"]!;
        var bytes = string.Join(" / ", Enumerable.Range(0, 4).Select(t => Stats.Bytes(fleet.Proxies.Average(p => p.Bytes(t)))));
        Console.WriteLine(
            $"| {(scoped ? $"scoped ({options.Dependencies} deps)" : "unscoped")}{(warm ? ", warm server" : "")}{(options.Bare ? ", bare gRPC server" : "")} | {allAcked.TotalMilliseconds:F0} ms | {floor:F1} ms " +
            $"({(long)reply["uniqueResources"]!} resources, {Stats.Bytes((long)reply["uniqueBytes"]!)}) | {allAcked.TotalMilliseconds / floor:F0}x | " +
            $"{(long)reply["serializations"]!} / {(long)reply["uniqueResources"]!} | {bytes} | {Stats.Bytes(heap)} | {Stats.Bytes(peak)} | " +
            $"{(double)reply["validateMs"]!:F0} ms (first, with plan build: {(double)reply["validateColdMs"]!:F0} ms) | " +
            $"{serverUsed.TotalMilliseconds:F0} ms / {clientsUsed.TotalMilliseconds:F0} ms | {serverPush.TotalMilliseconds:F0} ms ({serverPush.TotalMilliseconds / floor:F1}x the floor) | {pushGc} |");
    }

    /// <summary>A new world (new resource instances, serialized and validated afresh) set for every stream at once.</summary>
    private static Task<JsonObject> PushWorldAsync(ServerProcess server, HarnessOptions options, int streams, bool scoped) =>
        server.SendAsync(new JsonObject
        {
            ["cmd"] = "world", ["services"] = options.Services, ["endpoints"] = options.EndpointsPerService,
            ["streams"] = streams, ["scoped"] = scoped, ["deps"] = options.Dependencies,
        });
}
