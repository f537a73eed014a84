using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace MediaGrpc.Rpc;

/// <summary>
/// One RPC of a protobuf service, typed by its request and response messages. Built
/// from the service's descriptor, so a method that the contract does not declare, or
/// message types that differ from it, fail when the method is created (at start-up),
/// not when it is first called.
/// </summary>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private Method(MethodDescriptor descriptor, MethodType type)
    {
        Descriptor = descriptor;
        Type = type;
        ServiceName = descriptor.Service.FullName;
        Name = descriptor.Name;
        Path = "/" + ServiceName + "/" + Name;
    }

    /// <summary>The protobuf method this call implements.</summary>
    public MethodDescriptor Descriptor { get; }

    /// <summary>Which side streams.</summary>
    public MethodType Type { get; }

    /// <summary>Fully qualified service name, e.g. <c>mediagrpc.v1.MediaService</c>.</summary>
    public string ServiceName { get; }

    /// <summary>Method name, e.g. <c>GetMedia</c>.</summary>
    public string Name { get; }

    /// <summary>The HTTP/2 <c>:path</c>: <c>/{service}/{method}</c>.</summary>
    public string Path { get; }

    /// <summary>Parses request messages.</summary>
    public MessageParser<TRequest> RequestParser { get; } = new(() => new TRequest());

    /// <summary>Parses response messages.</summary>
    public MessageParser<TResponse> ResponseParser { get; } = new(() => new TResponse());

    /// <summary>Creates the method <paramref name="name"/> of <paramref name="service"/>, checking it against the descriptor.</summary>
    /// <exception cref="InvalidOperationException">The service lacks the method, or its types differ.</exception>
    [SuppressMessage("Design", "CA1000", Justification = "Both type arguments are always explicit; the factory reads best on the type it builds.")]
    public static Method<TRequest, TResponse> Create(ServiceDescriptor service, string name)
    {
        ArgumentNullException.ThrowIfNull(service);
        var descriptor = service.FindMethodByName(name)
            ?? throw new InvalidOperationException($"Service '{service.FullName}' declares no method '{name}'.");
        return Create(descriptor);
    }

    /// <summary>Creates a method from its descriptor, checking the message types.</summary>
    /// <exception cref="InvalidOperationException">The message types differ from the descriptor's.</exception>
    [SuppressMessage("Design", "CA1000", Justification = "Both type arguments are always explicit; the factory reads best on the type it builds.")]
    public static Method<TRequest, TResponse> Create(MethodDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        CheckType(descriptor, "request", descriptor.InputType, new TRequest().Descriptor);
        CheckType(descriptor, "response", descriptor.OutputType, new TResponse().Descriptor);
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(descriptor, type);
    }

    public override string ToString() => Path;

    private static void CheckType(MethodDescriptor method, string role, MessageDescriptor declared, MessageDescriptor actual)
    {
        if (declared.FullName != actual.FullName)
        {
            throw new InvalidOperationException(
                $"Method '{method.FullName}' takes {role} '{declared.FullName}', not '{actual.FullName}'.");
        }
    }
}
