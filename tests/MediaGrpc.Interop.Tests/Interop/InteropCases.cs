using Xunit;

namespace MediaGrpc.Interop.Tests.Interop;

/// <summary>The interop cases this repo runs, as named in grpc/doc/interop-test-descriptions.md.</summary>
public static class InteropCases
{
    public static readonly IReadOnlyList<string> Names =
    [
        "empty_unary",
        "large_unary",
        "client_compressed_unary",
        "server_compressed_unary",
        "client_streaming",
        "client_compressed_streaming",
        "server_streaming",
        "server_compressed_streaming",
        "ping_pong",
        "empty_stream",
        "cancel_after_begin",
        "cancel_after_first_response",
        "timeout_on_sleeping_server",
        "custom_metadata",
        "status_code_and_message",
        "special_status_message",
        "unimplemented_method",
        "unimplemented_service",
    ];

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in Names)
            {
                data.Add(name);
            }

            return data;
        }
    }
}
