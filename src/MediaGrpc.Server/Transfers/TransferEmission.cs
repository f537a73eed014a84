using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Transfers;

/// <summary>One write to the registry: the record as of an event, and the event to publish after it.</summary>
/// <param name="Record">The transfer as of the event.</param>
/// <param name="Progress">The event.</param>
/// <param name="Written">Completed once written (or given up); null when nobody waits.</param>
internal sealed record TransferEmission(TransferRecord Record, TransferProgress Progress, TaskCompletionSource? Written);
