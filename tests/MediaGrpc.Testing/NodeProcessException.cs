namespace MediaGrpc.Testing;

/// <summary>A Node script of the tests could not be started, or exited before it was ready.</summary>
public sealed class NodeProcessException : Exception
{
    public NodeProcessException()
    {
    }

    public NodeProcessException(string message)
        : base(message)
    {
    }

    public NodeProcessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
