using System.Diagnostics;
using System.Net;

namespace MediaGrpc.Bench.Transport;

/// <summary>HttpClient over HTTP/2 with the windows our channel uses, against <see cref="RawKestrelServer"/>.</summary>
internal sealed class RawKestrelClient : IDisposable
{
    private static readonly byte[] s_zeros = new byte[4 * 1024 * 1024];
    private readonly HttpClient _http;
    private readonly Uri _address;

    public RawKestrelClient(Uri address)
    {
        _address = address;
        _http = new HttpClient(new SocketsHttpHandler
        {
            InitialHttp2StreamWindowSize = 16 * 1024 * 1024,
            EnableMultipleHttp2Connections = true,
        })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<TimeSpan> UnaryAsync()
    {
        var started = Stopwatch.GetTimestamp();
        using var request = Post("/unary", new ByteArrayContent(s_zeros, 0, 8));
        using var response = await _http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return Stopwatch.GetElapsedTime(started);
    }

    public async Task UploadAsync(int count, int size)
    {
        using var request = Post("/upload", new ChunkContent(count, size));
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsStringAsync();
    }

    public async Task DownloadAsync(int count, int size)
    {
        using var request = Post($"/download?count={count}&size={size}", null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        while (await body.ReadAsync(buffer) > 0)
        {
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Post(string path, HttpContent? content) => new(HttpMethod.Post, new Uri(_address, path))
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = content,
    };

    private sealed class ChunkContent(int count, int size) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < count; i++)
            {
                await stream.WriteAsync(s_zeros.AsMemory(0, size));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
