namespace MediaGrpc.Server.Identity;

/// <summary>
/// A credential our own code refused, with the short reason the caller is told
/// (UNAUTHENTICATED). The reason names what was wrong, never the credential or a key.
/// </summary>
internal sealed class CallerRefusedException : Exception
{
    public CallerRefusedException()
    {
    }

    public CallerRefusedException(string reason)
        : base(reason)
    {
    }

    public CallerRefusedException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}
