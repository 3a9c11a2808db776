using System.Diagnostics;
using System.Globalization;
using Mesh.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Benchmarks.Runtime;

/// <summary>
/// Reconcile throughput and queue wait of the controller runtime with a reconciler that does no I/O: 5,000 keys,
/// a cold start (every key added at once, as after the first list), a steady phase (every key updated every 5 s
/// plus 100 hot keys updated 10 times a second) and a saturation phase (adds as fast as possible). Not a test.
/// Run: dotnet run -c Release --project bench/Mesh.Benchmarks -- runtime-queue [workers] [steadySeconds]
/// </summary>
internal static class RuntimeQueueHarness
{
    private const int Keys = 5_000;
    private const int HotKeys = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var workers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
        var steadySeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var keys = Enumerable.Range(0, Keys).Select(i => new ObjectKey($"ns-{i % 50}", $"policy-{i}")).ToArray();
        var metrics = new RecordingQueueMetrics();
        using var queue = new WorkQueue(TimeProvider.System, MaxOfRateLimiter.Default(TimeProvider.System), metrics);
        var reconciler = new NoIoReconciler();
        var controller = new Controller("bench", reconciler, queue, workers, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token, stop.Token);

        Console.WriteLine($"runtime-queue: {Keys} keys, {HotKeys} hot keys at 10 updates/s, {workers} workers, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        // Cold start: every key at once.
        var sw = Stopwatch.StartNew();
        foreach (var key in keys)
        {
            queue.Add(key);
        }

        while (reconciler.Count < Keys)
        {
            await Task.Delay(1);
        }

        Report("cold start", reconciler.Count, sw.Elapsed, metrics.TakeWaits(), Keys);

        // Steady: every key every 5 s (1,000 adds/s) plus hot keys 10/s each (1,000 adds/s), in 10 ms ticks.
        var before = reconciler.Count;
        var hotBefore = reconciler.HotCount;
        long hotAdds = 0;
        long adds = 0;
        sw.Restart();
        var tick = 0;
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10)))
        {
            while (sw.Elapsed < TimeSpan.FromSeconds(steadySeconds) && await timer.WaitForNextTickAsync())
            {
                tick++;
                // Background: 10 keys per tick = 1,000/s, cycling through all 5,000 every 5 s.
                for (var i = 0; i < 10; i++)
                {
                    queue.Add(keys[HotKeys + (((tick * 10) + i) % (Keys - HotKeys))]);
                    adds++;
                }

                // Hot: each hot key every 100 ms = 10 ticks; spread evenly over the ticks.
                for (var h = tick % 10; h < HotKeys; h += 10)
                {
                    queue.Add(keys[h]);
                    adds++;
                    hotAdds++;
                }
            }
        }

        var steadyElapsed = sw.Elapsed;
        await Task.Delay(200);
        var steadyReconciles = reconciler.Count - before;
        var hotReconciles = reconciler.HotCount - hotBefore;
        Report("steady", steadyReconciles, steadyElapsed, metrics.TakeWaits(), adds);
        Console.WriteLine($"  hot keys: {hotAdds} updates -> {hotReconciles} reconciles, {(double)hotAdds / Math.Max(1, hotReconciles):F2} updates merged per reconcile");

        // Saturation: add every key as fast as the producer can for 3 s.
        before = reconciler.Count;
        adds = 0;
        sw.Restart();
        while (sw.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var key in keys)
            {
                queue.Add(key);
                adds++;
            }

            await Task.Yield();
        }

        var saturationElapsed = sw.Elapsed;
        Report("saturation", reconciler.Count - before, saturationElapsed, metrics.TakeWaits(), adds);

        await stop.CancelAsync();
        await running;
        return 0;
    }

    private static void Report(string phase, long reconciles, TimeSpan elapsed, List<double> waitsMs, long adds)
    {
        waitsMs.Sort();
        double P(double q) => waitsMs.Count == 0 ? 0 : waitsMs[Math.Min(waitsMs.Count - 1, (int)(q * waitsMs.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase,-11} {reconciles,8} reconciles in {elapsed.TotalSeconds,6:F2} s = {reconciles / elapsed.TotalSeconds,9:F0}/s; queue wait p50 {P(0.50):F2} ms, p99 {P(0.99):F2} ms, max {(waitsMs.Count == 0 ? 0 : waitsMs[^1]):F2} ms; {adds} adds, {(double)adds / Math.Max(1, reconciles):F2} adds per reconcile"));
    }

    private sealed class NoIoReconciler : IReconciler
    {
        private long _count;
        private long _hot;

        public long Count => Interlocked.Read(ref _count);

        public long HotCount => Interlocked.Read(ref _hot);

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
        {
            // A level-based reconcile reads the key's state; stand in with a little CPU work and no I/O.
            var hash = 0;
            foreach (var c in key.Name)
            {
                hash = (hash * 31) + c;
            }

            if (int.Parse(key.Name.AsSpan(7), CultureInfo.InvariantCulture) < HotKeys)
            {
                Interlocked.Increment(ref _hot);
            }

            Interlocked.Increment(ref _count);
            return hash == int.MinValue ? Task.FromResult(ReconcileResult.Requeue) : Task.FromResult(ReconcileResult.Done);
        }
    }
}
