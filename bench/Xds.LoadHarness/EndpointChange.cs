using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mesh.Xds.LoadHarness;

/// <summary>S2: one endpoint of one service moves; time from the snapshot change to the last affected stream's ACK.</summary>
internal static class EndpointChange
{
    public static async Task RunAsync(HarnessOptions options)
    {
        int[] ladder = options.Streams is { } n ? [n] : [1000, 5000];
        Console.WriteLine($"## S2 one endpoint change ({options.Changes} changes per row, debounce {options.Debounce.TotalMilliseconds} ms)");
        Console.WriteLine();
        Console.WriteLine("| streams | API | config | affected streams per change | change -> last ACK p50 / p99 | change -> each stream's ACK p50 / p99 | bytes per affected stream per change | CPU per change: server / clients |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var streams in ladder)
        {
            // Unscoped at 5,000 streams would put ~5 GB through loopback on the cold push alone: scoped only there.
            foreach (var scoped in streams <= 1000 && !options.ScopedOnly ? new[] { true, false } : [true])
            {
                foreach (var delta in new[] { false, true })
                {
                    try
                    {
                        await RunOnceAsync(options, streams, delta, scoped);
                    }
                    catch (TimeoutException e)
                    {
                        Console.WriteLine($"| {streams} | {(delta ? "delta" : "SotW")} | {(scoped ? "scoped" : "unscoped")} | did not finish: {e.Message} | | | | |");
                    }
                }
            }
        }

        Console.WriteLine();
    }

    private static async Task RunOnceAsync(HarnessOptions options, int streams, bool delta, bool scoped)
    {
        var world = new World(options.Services, options.EndpointsPerService);
        await using var server = await ServerProcess.StartAsync(options.Debounce);
        await using var fleet = await Fleet.ConnectAsync(
            server.Address, world, 0, streams, delta, scoped, options.Dependencies, parallelism: 64);
        await server.WaitForStreamsAsync(streams, TimeSpan.FromMinutes(2));
        await server.SendAsync(new JsonObject
        {
            ["cmd"] = "world", ["services"] = options.Services, ["endpoints"] = options.EndpointsPerService,
            ["streams"] = streams, ["scoped"] = scoped, ["deps"] = options.Dependencies,
        });
        await Fleet.WaitForAcksAsync(fleet.Proxies, [0, 1, 2, 3], (_, _) => 0, TimeSpan.FromMinutes(3));

        var lastAck = new List<double>();
        var eachAck = new List<double>();
        var bytes = new List<double>();
        var affectedCounts = new List<int>();
        // Which side the time per change goes to: the server process against the simulated clients (this process).
        var serverCpu = server.Cpu();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var change = 0; change < options.Changes; change++)
        {
            var service = (change * 97 + 13) % options.Services;
            var affected = scoped
                ? fleet.Proxies.Where(p => Array.IndexOf(world.Dependencies(p.Index, options.Dependencies), service) >= 0).ToList()
                : fleet.Proxies;
            if (affected.Count == 0)
            {
                continue;
            }

            var acksBefore = affected.ToDictionary(p => p, p => p.Acks(SimulatedProxy.Eds));
            var bytesBefore = affected.ToDictionary(p => p, p => Enumerable.Range(0, 4).Sum(p.Bytes));
            var reply = await server.SendAsync(new JsonObject { ["cmd"] = "change", ["service"] = service, ["generation"] = change + 1 });
            var setTs = (long)reply["setTs"]!;
            var last = await Fleet.WaitForAcksAsync(affected, [SimulatedProxy.Eds], (p, _) => acksBefore[p], TimeSpan.FromMinutes(2));
            lastAck.Add(Stopwatch.GetElapsedTime(setTs, last).TotalMilliseconds);
            eachAck.AddRange(affected.Select(p => Stopwatch.GetElapsedTime(setTs, p.LastAck(SimulatedProxy.Eds)).TotalMilliseconds));
            bytes.AddRange(affected.Select(p => (double)(Enumerable.Range(0, 4).Sum(p.Bytes) - bytesBefore[p])));
            affectedCounts.Add(affected.Count);

            // Let stray pushes settle so that one change's tail does not become the next one's head.
            await Task.Delay(50);
        }

        var changes = Math.Max(1, affectedCounts.Count);
        var serverPerChange = (server.Cpu() - serverCpu).TotalMilliseconds / changes;
        var clientsPerChange = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMilliseconds / changes;
        Console.WriteLine(
            $"| {streams} | {(delta ? "delta" : "SotW")} | {(scoped ? $"scoped ({options.Dependencies} deps)" : "unscoped")} | " +
            $"{affectedCounts.DefaultIfEmpty().Average():F0} | {Stats.Percentile(lastAck, 50):F1} / {Stats.Percentile(lastAck, 99):F1} ms | " +
            $"{Stats.Percentile(eachAck, 50):F1} / {Stats.Percentile(eachAck, 99):F1} ms | {Stats.Bytes(bytes.DefaultIfEmpty().Average())} | {serverPerChange:F0} / {clientsPerChange:F0} ms |");
    }
}
