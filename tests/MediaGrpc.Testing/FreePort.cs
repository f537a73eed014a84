using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MediaGrpc.Testing;

/// <summary>Finds an unused TCP port on loopback for a throwaway server.</summary>
/// <remarks>
/// Servers such as redis-server treat port 0 as "no TCP", so the port is picked here and
/// released before the server binds it. The port is drawn below the kernel's ephemeral range
/// (<c>ip_local_port_range</c>), which the kernel hands to every port-0 bind and outgoing
/// connection of the other tests running meanwhile: in that range a released port was seen
/// taken by another test's server before ours bound it. The draw checks the port is free on
/// loopback and on the wildcard address (a container-style server binds that); a small race
/// between two draws remains, which the fixtures cover by retrying start-up on a fresh port.
/// </remarks>
public static class FreePort
{
    private const int Lowest = 10000;

    public static int Next()
    {
        var ephemeralStart = EphemeralRangeStart();
        for (var attempt = 0; attempt < 100 && ephemeralStart > Lowest; attempt++)
        {
            var port = Random.Shared.Next(Lowest, ephemeralStart);
            if (IsFree(IPAddress.Loopback, port) && (!Socket.OSSupportsIPv6 || IsFree(IPAddress.IPv6Any, port)))
            {
                return port;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var chosen = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return chosen;
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux's default is 32768-60999; elsewhere assume the same.
    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
