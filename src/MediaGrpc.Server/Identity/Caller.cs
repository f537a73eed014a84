namespace MediaGrpc.Server.Identity;

/// <summary>The authenticated identity of a call: who owns what it creates, and what it may see.</summary>
public sealed record Caller(string Owner);
