using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Testing;

/// <summary>Ports for servers a test starts in another process (which binds them itself, so port 0 cannot be used).</summary>
/// <remarks>
/// A port is probed, released, and bound again by the child a moment later. Port 0 would hand out a port from the
/// kernel's ephemeral range (32768-60999 by default), which every outgoing connection of the parallel tests also draws
/// from: one of them could take the port as its local end in that moment, and the child fails with "address already
/// in use" (seen in CI). Ports below that range are never given to outgoing connections, and this process never hands
/// out the same one twice, so only another process's explicit bind of the same random port in the same instant can
/// still collide.
/// </remarks>
public static class FreePorts
{
    private const int First = 20000;
    private const int End = 32768;
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>A loopback TCP port free right now, outside the ephemeral range; tests run in parallel, each on its own port.</summary>
    public static int Loopback()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(First, End);
            if (HandedOut.TryAdd(port, 0) && IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port between {First} and {End} after 1000 tries");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new TcpListener(IPAddress.Loopback, port);
            socket.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
