using Google.Protobuf;
using Grpc.Core;
using MediaGrpc.Server.Errors;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Binds a service's methods with request marshallers that turn a request that is not valid
/// protobuf (a truncated field, a string that is not UTF-8) into INTERNAL "Failed to
/// deserialize a message.", the status errors.proto documents for a malformed frame.
/// </summary>
/// <remarks>
/// Grpc.AspNetCore reads the single request of a unary or server-streaming call before any
/// interceptor runs, and answers a parse failure there with UNKNOWN "Exception was thrown by
/// handler." and an Error log event: a hostile client could flood the logs with errors. A
/// marshaller that throws an <see cref="RpcException"/> is answered with that status instead,
/// logged at Information as any client fault. Streamed messages get the same status
/// (<see cref="ErrorMappingInterceptor"/> maps what escapes this).
/// Every service is bound through it (<c>…ServiceBinding</c>); Grpc.AspNetCore accepts a
/// custom bind method only on the type that declares the handler methods, hence the
/// <c>…ServiceHandlers</c> bases in place of the generated ones.
/// </remarks>
internal sealed class MalformedRequestBinder(ServiceBinderBase inner) : MethodRewritingBinder(inner)
{
    protected override Method<TRequest, TResponse> Rewrite<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var deserialize = method.RequestMarshaller.ContextualDeserializer;
        var requests = new Marshaller<TRequest>(
            method.RequestMarshaller.ContextualSerializer,
            context =>
            {
                try
                {
                    return deserialize(context);
                }
                catch (InvalidProtocolBufferException)
                {
                    throw MediaErrors.MalformedMessage();
                }
            });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }
}
