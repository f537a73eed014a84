namespace MediaGrpc.Cli.Errors;

/// <summary>
/// Exit codes: 0 on success, otherwise the gRPC status code of the failure (the README's
/// table). Local failures use the code a server would have answered for the same problem.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Cancelled = 1;
    public const int Unknown = 2;
    public const int InvalidArgument = 3;
    public const int NotFound = 5;
    public const int AlreadyExists = 6;
    public const int PermissionDenied = 7;
    public const int FailedPrecondition = 9;
    public const int DataLoss = 15;
    public const int Unavailable = 14;

    private static readonly string[] s_names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>The canonical name of a status code, e.g. NOT_FOUND for 5.</summary>
    public static string NameOf(int code) => code >= 0 && code < s_names.Length ? s_names[code] : "CODE_" + code;

    /// <summary>
    /// Codes after which the same command, run again, continues where it stopped: the
    /// server or the connection failed, or the run was interrupted.
    /// </summary>
    public static bool IsResumable(int code) => code is Cancelled or 4 or 10 or 13 or Unavailable;
}
