using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaGrpc.Testing;

/// <summary>Asks a Redis port for PING over a raw socket, so fixtures do not depend on the client under test.</summary>
internal static class RedisServerProbe
{
    /// <summary>
    /// True when something on 127.0.0.1:<paramref name="port"/> answers an inline PING with a
    /// RESP line. A NOAUTH error counts: a password-protected server is up, just not open to us.
    /// LOADING does not: the server is up but not serving yet.
    /// </summary>
    public static async Task<bool> AnswersPingAsync(int port, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), attempt.Token);
            await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, attempt.Token);
            var buffer = new byte[256];
            var received = 0;
            while (received < buffer.Length)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, attempt.Token);
                if (read == 0)
                {
                    return false;
                }

                received += read;
                if (buffer.AsSpan(0, received).IndexOf("\r\n"u8) >= 0)
                {
                    break;
                }
            }

            var line = Encoding.ASCII.GetString(buffer, 0, received);
            return line.StartsWith('+') || (line.StartsWith('-') && !line.StartsWith("-LOADING", StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
