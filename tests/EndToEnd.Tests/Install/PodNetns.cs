using System.Net;
using System.Security.Cryptography;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// A network namespace standing in for a pod: a veth pair joins it to the test's (root) namespace on a /30 of
/// TEST-NET-2 (198.51.100.0/24, routed nowhere) that no interface here uses yet, so parallel runs get different
/// addresses; inside, the pod may bind fixed ports on all interfaces without colliding with anything. Deleting the
/// namespace deletes both veth ends and the host-side address with them.
/// </summary>
internal sealed class PodNetns : IAsyncDisposable
{
    private PodNetns(string name, IPAddress hostIp, IPAddress podIp)
    {
        Name = name;
        HostIp = hostIp;
        PodIp = podIp;
    }

    public string Name { get; }

    /// <summary>The root namespace's end of the veth pair (what the pod reaches the "API server" on).</summary>
    public IPAddress HostIp { get; }

    /// <summary>The pod's address, reachable from the test process.</summary>
    public IPAddress PodIp { get; }

    public static async Task<PodNetns> CreateAsync()
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var used = await ProcessRun.CheckedAsync("ip", "-o", "-4", "addr", "show");
        // 64 subnets of four addresses; a random start so that two runs starting together rarely race for one, and the
        // "add" below fails loudly (rather than sharing) if they do.
        var start = RandomNumberGenerator.GetInt32(64);
        var subnet = Enumerable.Range(0, 64).Select(i => (start + i) % 64 * 4)
            .FirstOrDefault(s => !used.Contains($"198.51.100.{s + 1}/", StringComparison.Ordinal), -1);
        if (subnet < 0)
        {
            throw new InvalidOperationException("Every /30 of 198.51.100.0/24 is in use: stale test namespaces? (ip netns list)");
        }

        var netns = new PodNetns($"mesh-t-opr-{suffix}", IPAddress.Parse($"198.51.100.{subnet + 1}"), IPAddress.Parse($"198.51.100.{subnet + 2}"));
        var hostLink = $"mho{suffix}";
        var podLink = $"mhp{suffix}";
        try
        {
            await ProcessRun.CheckedAsync("ip", "netns", "add", netns.Name);
            await ProcessRun.CheckedAsync("ip", "link", "add", hostLink, "type", "veth", "peer", "name", podLink, "netns", netns.Name);
            await ProcessRun.CheckedAsync("ip", "addr", "add", $"{netns.HostIp}/30", "dev", hostLink);
            await ProcessRun.CheckedAsync("ip", "link", "set", hostLink, "up");
            await ProcessRun.CheckedAsync("ip", "-n", netns.Name, "addr", "add", $"{netns.PodIp}/30", "dev", podLink);
            await ProcessRun.CheckedAsync("ip", "-n", netns.Name, "link", "set", podLink, "up");
            await ProcessRun.CheckedAsync("ip", "-n", netns.Name, "link", "set", "lo", "up");
            return netns;
        }
        catch
        {
            await netns.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Also when creation failed half way: deleting a namespace that does not exist only prints an error.
        await ProcessRun.RunAsync("ip", ["netns", "del", Name], TimeSpan.FromSeconds(20));
    }
}
