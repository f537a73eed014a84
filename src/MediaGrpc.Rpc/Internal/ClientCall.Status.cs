using System.Globalization;
using System.Net;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// Deciding a call's status: from the response headers (a broken or trailers-only
/// response), from the trailers after the body, or from a local failure. Every failure
/// of the call passes through <see cref="MapFailure"/>.
/// </summary>
internal sealed partial class ClientCall<TRequest, TResponse>
{
    // The status a trailers-only response carried in its headers, when it was OK: the
    // body (empty by definition) is still read, so the single-response checks apply.
    private CallOutcome? _headersOutcome;

    /// <summary>
    /// Turns a failure of any operation of the call into what the caller sees. When the
    /// call already ended (cancelled, deadline, status received), that outcome wins over
    /// the exception it caused; otherwise the exception decides the status and ends the call.
    /// </summary>
    internal Exception MapFailure(Exception exception)
    {
        if (Outcome is null)
        {
            var (status, trailers) = exception switch
            {
                RpcException rpc => (rpc.Status, rpc.Trailers),
                _ => (ClientStatusMapping.FromException(exception), new Metadata()),
            };
            ClientLog.CallFailed(_channel.Logger, _method.Path, status.Code, exception);
            Finish(status, trailers);
        }

        return CreateEndedException();
    }

    /// <summary>True once the call has its status.</summary>
    internal bool IsEnded => Outcome is not null;

    /// <summary>Throws when the call ended with an error status.</summary>
    internal void ThrowIfFailed()
    {
        if (Outcome is { Status.Code: not StatusCode.OK })
        {
            throw CreateEndedException();
        }
    }

    /// <summary>What an operation on an ended call throws: the error status, or misuse after success.</summary>
    internal Exception CreateEndedException()
    {
        var outcome = Outcome!;
        return outcome.Status.Code == StatusCode.OK
            ? new InvalidOperationException("The call is complete.")
            : new RpcException(outcome.Status, outcome.Trailers);
    }

    /// <summary>
    /// Ends the call, once: later calls are ignored. A non-OK status resets the stream and
    /// wakes every pending operation, which then reports this status.
    /// </summary>
    private bool Finish(Status status, Metadata? trailers = null)
    {
        var outcome = new CallOutcome(status, trailers ?? new Metadata());
        if (Interlocked.CompareExchange(ref _outcome, outcome, null) is not null)
        {
            return false;
        }

        _deadlineTimer?.Dispose();
        _cancellationRegistration.Unregister();
        if (status.Code == StatusCode.OK)
        {
            _content.End();
            _responseHeaders.TrySetResult(new Metadata());
        }
        else
        {
            _content.Abort();
            _abort.Cancel();
            if (_responseHeaders.TrySetException(new RpcException(status, outcome.Trailers)))
            {
                // Mark it observed: a caller that never asks for headers must not see an unobserved-task event.
                _ = _responseHeaders.Task.Exception;
            }

            // With no read pending, nothing else would reset the stream: release the response now.
            ReleaseResponse();
        }

        ClientLog.CallFinished(_channel.Logger, _method.Path, status.Code, status.Detail);
        return true;
    }

    /// <summary>
    /// Checks the response headers. A non-200 HTTP status or a non-gRPC content type means
    /// the answer did not come from a gRPC server; a <c>grpc-status</c> header means a
    /// trailers-only response that carries the whole status.
    /// </summary>
    private void OnResponseHeaders(HttpResponseMessage response)
    {
        var headerStatus = StatusTrailers.Read(name => ClientHeaders.GetValue(response.Headers, name));

        // https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md: the
        // HTTP status is only consulted when no grpc-status was sent.
        if (response.StatusCode != HttpStatusCode.OK && headerStatus is null)
        {
            var code = (int)response.StatusCode;
            Finish(new Status(
                ClientStatusMapping.FromHttpStatus(code),
                string.Create(CultureInfo.InvariantCulture, $"Bad gRPC response. HTTP status code: {code}.")));
            return;
        }

        var metadata = ClientHeaders.ToMetadata(response.Headers);
        if (headerStatus is not null)
        {
            // Trailers-only: the headers are the trailers as well.
            _responseHeaders.TrySetResult(metadata);
            if (headerStatus.Code == StatusCode.OK)
            {
                _headersOutcome = new CallOutcome(headerStatus, metadata);
            }
            else
            {
                Finish(headerStatus, metadata);
            }

            return;
        }

        var contentType = ClientHeaders.GetValue(response.Content.Headers, "content-type");
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            // Like grpc-go and Connect: a 200 that is not gRPC at all is UNKNOWN.
            Finish(new Status(
                StatusCode.Unknown,
                $"Bad gRPC response. Content-Type '{contentType}' is not {GrpcProtocol.ContentType}."));
            return;
        }

        var encoding = ClientHeaders.GetValue(response.Headers, GrpcProtocol.EncodingHeader);
        if (!string.IsNullOrEmpty(encoding) && !encoding.Equals(GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            if (!encoding.Equals(GrpcCompression.Gzip, StringComparison.OrdinalIgnoreCase))
            {
                Finish(new Status(
                    StatusCode.Internal,
                    $"The server compressed the response with '{encoding}', which this client does not support ({GrpcCompression.AcceptEncoding})."));
                return;
            }

            _responseCompressed = true;
        }

        _responseHeaders.TrySetResult(metadata);
    }

    /// <summary>
    /// The status after the response body ended: from the trailers, or from the headers of
    /// a trailers-only response. A response with no trailers at all is INTERNAL (the
    /// stream was cut short); trailers without <c>grpc-status</c> are UNKNOWN.
    /// </summary>
    private CallOutcome ReadTrailingOutcome(HttpResponseMessage response)
    {
        if (_headersOutcome is { } fromHeaders)
        {
            return fromHeaders;
        }

        var trailing = response.TrailingHeaders;
        var status = StatusTrailers.Read(name => ClientHeaders.GetValue(trailing, name));
        var trailers = ClientHeaders.ToMetadata(trailing);
        status ??= trailing.NonValidated.Count == 0
            ? new Status(StatusCode.Internal, "The response ended without trailers: no grpc-status was received.")
            : new Status(StatusCode.Unknown, "The response trailers carried no grpc-status.");
        return new CallOutcome(status, trailers);
    }
}
