using Grpc.Core;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Hosting;

namespace MediaGrpc.Server.Media;

/// <summary>
/// Binds MediaService with the generated method descriptors, through
/// <see cref="MalformedRequestBinder"/>: a request that is not valid protobuf answers INTERNAL.
/// </summary>
internal static class MediaServiceBinding
{
    /// <summary>The service's descriptor, which gRPC reflection looks for on the bind type.</summary>
    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => MediaService.Descriptor;

    /// <summary>Called by Grpc.AspNetCore through <see cref="BindServiceMethodAttribute"/>, with a null service.</summary>
    public static void BindService(ServiceBinderBase binder, MediaServiceHandlers? service)
    {
        ArgumentNullException.ThrowIfNull(binder);

        // Grpc.AspNetCore binds by method name to the handlers overriding MediaServiceHandlers;
        // the generated code only supplies the descriptors (marshallers, names, kinds).
        MediaService.BindService(new MalformedRequestBinder(binder), (MediaService.MediaServiceBase?)null);
    }
}
