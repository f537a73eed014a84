using Google.Protobuf;
using Google.Protobuf.Reflection;
using MediaGrpc.Rpc.Protos.Reflection.V1;
using V1Alpha = MediaGrpc.Rpc.Protos.Reflection.V1Alpha;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// gRPC server reflection, https://github.com/grpc/grpc/blob/master/doc/server-reflection.md :
/// lets buf curl and grpcurl list services and fetch descriptors with no .proto at hand.
/// Both grpc.reflection.v1 and the older v1alpha are served; their messages are
/// identical on the wire, so v1alpha is answered by re-reading its bytes as v1.
/// </summary>
internal sealed class ReflectionService(GrpcServiceCatalog catalog) : IGrpcService
{
    private ReflectionIndex? _index;

    public ServiceDescriptor Descriptor => ReflectionReflection.Descriptor.Services[0];

    public void Bind(GrpcServiceBinder binder) =>
        binder.DuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>("ServerReflectionInfo", ServeAsync);

    /// <summary>The same service under the v1alpha name.</summary>
    public IGrpcService AsV1Alpha() => new V1AlphaAdapter(this);

    private async Task ServeAsync(
        IAsyncStreamReader<ServerReflectionRequest> requests,
        IAsyncStreamWriter<ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken))
        {
            await responses.WriteAsync(Answer(requests.Current), context.CancellationToken);
        }
    }

    private ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var index = _index ??= new ReflectionIndex(catalog.Services);
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                foreach (var name in index.ServiceNames)
                {
                    list.Service.Add(new ServiceResponse { Name = name });
                }

                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, index.FindFileByName(request.FileByFilename), "file", request.FileByFilename);
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, index.FindFileBySymbol(request.FileContainingSymbol), "symbol", request.FileContainingSymbol);
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                // The hosted contracts declare no extensions.
                SetError(response, StatusCode.NotFound, $"Extension {request.FileContainingExtension.ExtensionNumber} of '{request.FileContainingExtension.ContainingType}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                if (index.IsMessageType(request.AllExtensionNumbersOfType))
                {
                    response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                }
                else
                {
                    SetError(response, StatusCode.NotFound, $"Type '{request.AllExtensionNumbersOfType}' not found.");
                }

                break;
            default:
                SetError(response, StatusCode.InvalidArgument, "The reflection request names no question.");
                break;
        }

        return response;
    }

    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string what, string name)
    {
        if (file is null)
        {
            SetError(response, StatusCode.NotFound, $"The {what} '{name}' was not found.");
            return;
        }

        var files = new FileDescriptorResponse();
        files.FileDescriptorProto.AddRange(ReflectionIndex.WithDependencies(file));
        response.FileDescriptorResponse = files;
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };

    /// <summary>Serves grpc.reflection.v1alpha with the v1 implementation.</summary>
    private sealed class V1AlphaAdapter(ReflectionService inner) : IGrpcService
    {
        public ServiceDescriptor Descriptor => V1Alpha.ReflectionReflection.Descriptor.Services[0];

        public void Bind(GrpcServiceBinder binder) =>
            binder.DuplexStreaming<V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse>("ServerReflectionInfo", ServeAsync);

        private async Task ServeAsync(
            IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requests,
            IAsyncStreamWriter<V1Alpha.ServerReflectionResponse> responses,
            ServerCallContext context)
        {
            while (await requests.MoveNext(context.CancellationToken))
            {
                var request = ServerReflectionRequest.Parser.ParseFrom(requests.Current.ToByteString());
                var answer = inner.Answer(request);
                await responses.WriteAsync(V1Alpha.ServerReflectionResponse.Parser.ParseFrom(answer.ToByteString()), context.CancellationToken);
            }
        }
    }
}
