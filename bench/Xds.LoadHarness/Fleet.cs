using System.Diagnostics;

namespace Mesh.Xds.LoadHarness;

/// <summary>The simulated proxies of one run, with the waits the scenarios need (all bounded in time).</summary>
internal sealed class Fleet(List<SimulatedProxy> proxies) : IAsyncDisposable
{
    public List<SimulatedProxy> Proxies { get; } = proxies;

    public static async Task<Fleet> ConnectAsync(
        Uri server, World world, int first, int count, bool delta, bool scoped, int deps, int parallelism)
    {
        var proxies = new SimulatedProxy[count];
        var all = Enumerable.Range(0, world.Services).Select(World.ClusterName).ToArray();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) =>
        {
            var index = first + i;
            SimulatedProxy proxy = delta ? new DeltaProxy(server, index) : new SotwProxy(server, index);
            var eds = scoped ? world.Dependencies(index, deps).Select(World.ClusterName).ToArray() : all;
            await proxy.StartAsync(HarnessServer.ProxyId(index), scoped ? "" : HarnessServer.SharedKey, eds);
            proxies[i] = proxy;
        });
        return new Fleet([.. proxies]);
    }

    /// <summary>Waits until every proxy in <paramref name="which"/> has ACKed <paramref name="type"/> more than
    /// <paramref name="baseline"/> times; returns the timestamp of the last of those ACKs.</summary>
    public static async Task<long> WaitForAcksAsync(
        IReadOnlyList<SimulatedProxy> which, int[] types, Func<SimulatedProxy, int, long> baseline, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var pending = which.Count(p => types.Any(t => p.Acks(t) <= baseline(p, t)));
            if (pending == 0)
            {
                return which.Max(p => types.Max(p.LastAck));
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{pending} of {which.Count} streams had not ACKed within {timeout}");
            }

            await Task.Delay(2);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(Proxies, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (p, _) => await p.DisposeAsync());
        Proxies.Clear();
    }
}
