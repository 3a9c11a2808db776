using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mesh.Xds.LoadHarness;

/// <summary>S4: server memory per idle synced stream as streams are added, then every stream reconnecting at once.</summary>
internal static class IdleStreams
{
    public static async Task RunAsync(HarnessOptions options)
    {
        var max = options.Streams ?? 5000;
        int[] ladder = [.. new[] { 1000, 2500, 5000 }.Where(n => n < max), max];
        Console.WriteLine($"## S4 idle streams (scoped config, {options.Dependencies} deps each, SotW)");
        Console.WriteLine();
        Console.WriteLine("| streams | server heap | per stream (heap) | server working set | per stream (working set) |");
        Console.WriteLine("|---|---|---|---|---|");

        var world = new World(options.Services, options.EndpointsPerService);
        await using var server = await ServerProcess.StartAsync(options.Debounce);
        await server.SendAsync(new JsonObject
        {
            ["cmd"] = "world", ["services"] = options.Services, ["endpoints"] = options.EndpointsPerService,
            ["streams"] = max, ["scoped"] = true, ["deps"] = options.Dependencies,
        });
        var (heap0, ws0, _) = await server.MemoryAsync();
        Console.WriteLine($"| 0 | {Stats.Bytes(heap0)} | | {Stats.Bytes(ws0)} | |");

        var fleets = new List<Fleet>();
        try
        {
            var connected = 0;
            foreach (var target in ladder)
            {
                var fleet = await Fleet.ConnectAsync(
                    server.Address, world, connected, target - connected, delta: false, scoped: true, options.Dependencies, parallelism: 64);
                fleets.Add(fleet);
                await Fleet.WaitForAcksAsync(fleet.Proxies, [0, 1, 2, 3], (_, _) => 0, TimeSpan.FromMinutes(5));
                connected = target;
                var (heap, ws, _) = await server.MemoryAsync();
                Console.WriteLine(
                    $"| {target} | {Stats.Bytes(heap)} | {Stats.Bytes((heap - heap0) / (double)target)} | {Stats.Bytes(ws)} | {Stats.Bytes((ws - ws0) / (double)target)} |");
            }

            Console.WriteLine();
            var drop = Stopwatch.StartNew();
            foreach (var fleet in fleets)
            {
                await fleet.DisposeAsync();
            }

            fleets.Clear();
            await server.WaitForStreamsAsync(0, TimeSpan.FromMinutes(2));
            var dropped = drop.Elapsed;

            // The storm: every proxy reconnects at the same moment (no pacing), each on a new connection.
            var storm = Stopwatch.StartNew();
            var again = await Fleet.ConnectAsync(
                server.Address, world, 0, max, delta: false, scoped: true, options.Dependencies, parallelism: max);
            fleets.Add(again);
            await Fleet.WaitForAcksAsync(again.Proxies, [0, 1, 2, 3], (_, _) => 0, TimeSpan.FromMinutes(5));
            Console.WriteLine(
                $"Reconnect storm: {max} streams dropped (server saw all gone after {dropped.TotalSeconds:F1} s), then all reconnected at once: " +
                $"fully re-synced (4 types ACKed by every stream) in {storm.Elapsed.TotalSeconds:F1} s.");
            Console.WriteLine();
        }
        finally
        {
            foreach (var fleet in fleets)
            {
                await fleet.DisposeAsync();
            }
        }
    }
}
