using System.Net;
using System.Net.Sockets;

namespace MediaGrpc.Testing;

/// <summary>Finds an unused TCP port on loopback for a throwaway server.</summary>
/// <remarks>
/// Servers such as redis-server treat port 0 as "no TCP", so the port is picked here:
/// bind to port 0, read what the OS chose, release it. A small race remains, which the
/// fixtures cover by retrying start-up on a fresh port.
/// </remarks>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
