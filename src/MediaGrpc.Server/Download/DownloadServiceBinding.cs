using Grpc.Core;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Hosting;

namespace MediaGrpc.Server.Download;

/// <summary>
/// Binds DownloadService with the generated method descriptors, through
/// <see cref="MalformedRequestBinder"/> (a request that is not valid protobuf answers INTERNAL)
/// and <see cref="LargeResponseBinder"/> (chunks are written into the response in 64 KiB spans).
/// </summary>
internal static class DownloadServiceBinding
{
    /// <summary>The service's descriptor, which gRPC reflection looks for on the bind type.</summary>
    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => DownloadService.Descriptor;

    /// <summary>Called by Grpc.AspNetCore through <see cref="BindServiceMethodAttribute"/>, with a null service.</summary>
    public static void BindService(ServiceBinderBase binder, DownloadServiceHandlers? service)
    {
        ArgumentNullException.ThrowIfNull(binder);

        // Grpc.AspNetCore binds by method name to the handlers overriding DownloadServiceHandlers;
        // the generated code only supplies the descriptors (marshallers, names, kinds).
        DownloadService.BindService(new MalformedRequestBinder(new LargeResponseBinder(binder)), (DownloadService.DownloadServiceBase?)null);
    }
}
