using System.Net;
using System.Net.Sockets;

namespace Mesh.Testing;

/// <summary>Ports for servers a test starts in another process (which binds them itself, so port 0 cannot be used).</summary>
public static class FreePorts
{
    /// <summary>A loopback TCP port free right now; tests run in parallel, each on its own port.</summary>
    public static int Loopback()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
