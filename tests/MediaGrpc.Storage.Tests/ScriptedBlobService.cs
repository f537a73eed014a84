using System.Net;

namespace MediaGrpc.Storage.Tests;

/// <summary>
/// Plays the Blob service below the HTTP line: answers each request with the next scripted
/// step (a status, an exception, or a hang until cancelled) and records what was sent.
/// </summary>
internal sealed class ScriptedBlobService : HttpMessageHandler
{
    private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> _steps = new();

    public List<HttpRequestMessage> Requests { get; } = [];

    public ScriptedBlobService Reply(HttpStatusCode status, string? errorCode = null, string? body = null)
    {
        _steps.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body ?? "") };
            if (errorCode is not null)
            {
                response.Headers.TryAddWithoutValidation("x-ms-error-code", errorCode);
            }

            return Task.FromResult(response);
        });
        return this;
    }

    public ScriptedBlobService Fail(Exception exception)
    {
        _steps.Enqueue(_ => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    public ScriptedBlobService Hang()
    {
        _steps.Enqueue(async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return _steps.Count > 0
            ? _steps.Dequeue()(cancellationToken)
            : throw new InvalidOperationException("The script has no step left.");
    }
}
