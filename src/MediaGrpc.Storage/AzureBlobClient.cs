using System.Net;
using MediaGrpc.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage;

/// <summary>
/// A thin client of the Azure Blob service REST API
/// (https://learn.microsoft.com/rest/api/storageservices/blob-service-rest-api): containers,
/// block blobs (Put Block, Get Block List, Put Block List, Put Blob), ranged Get Blob,
/// properties, delete and list. Shared Key or SAS authorization, a pinned x-ms-version,
/// retries of transient failures. Works with Azure and with the Azurite emulator
/// (path-style endpoints such as <c>http://127.0.0.1:10000/devstoreaccount1</c>).
/// </summary>
/// <remarks>
/// Container and blob names are validated before they become part of a URL. Failures throw
/// <see cref="BlobStoreException"/> with the HTTP status and <c>x-ms-error-code</c>; reads of a
/// missing blob throw <see cref="BlobNotFoundException"/>. Thread-safe; one instance owns one
/// <see cref="HttpClient"/>.
/// </remarks>
public sealed partial class AzureBlobClient : IDisposable
{
    private readonly BlobHttpPipeline _pipeline;
    private readonly ILogger _logger;

    public AzureBlobClient(
        IOptions<AzureBlobClientOptions> options,
        ILogger<AzureBlobClient>? logger = null,
        TimeProvider? timeProvider = null)
        : this(options, CreateHandler(), logger, timeProvider)
    {
    }

    /// <summary>For tests below the HTTP line: a handler that plays the service.</summary>
    internal AzureBlobClient(
        IOptions<AzureBlobClientOptions> options,
        HttpMessageHandler handler,
        ILogger<AzureBlobClient>? logger,
        TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        settings.Validate();
        var connection = StorageConnectionString.Parse(settings.ConnectionString!);
        AccountName = connection.AccountName;
        BlobEndpoint = connection.BlobEndpoint;
        _logger = logger ?? NullLogger<AzureBlobClient>.Instance;
        _pipeline = new BlobHttpPipeline(connection, settings, handler, _logger, timeProvider ?? TimeProvider.System);
        AzureBlobClientLog.Created(_logger, AccountName, BlobEndpoint, connection.AccountKey is null ? "SAS" : "Shared Key");
    }

    /// <summary>The x-ms-version every request pins.</summary>
    public static string ServiceVersion => BlobHttpPipeline.ServiceVersion;

    /// <summary>The storage account, when the connection string names it.</summary>
    public string? AccountName { get; }

    /// <summary>The blob service endpoint, e.g. <c>https://account.blob.core.windows.net</c>.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>Creates the container (private access); <see langword="false"/> when it already existed.</summary>
    public async Task<bool> CreateContainerIfNotExistsAsync(string containerName, CancellationToken cancellationToken)
    {
        var request = new BlobRequest("Create Container", HttpMethod.Put, ContainerPath(containerName), "restype=container");
        using var response = await _pipeline.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            AzureBlobClientLog.ContainerCreated(_logger, containerName);
            return true;
        }

        if (response.StatusCode == HttpStatusCode.Conflict && ErrorCode(response) == "ContainerAlreadyExists")
        {
            return false;
        }

        throw await _pipeline.CreateErrorAsync(request, response, cancellationToken);
    }

    /// <summary>Deletes the container and everything in it; <see langword="false"/> when it did not exist.</summary>
    public async Task<bool> DeleteContainerAsync(string containerName, CancellationToken cancellationToken)
    {
        var request = new BlobRequest("Delete Container", HttpMethod.Delete, ContainerPath(containerName), "restype=container");
        using var response = await _pipeline.SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted => true,
            HttpStatusCode.NotFound => false,
            _ => throw await _pipeline.CreateErrorAsync(request, response, cancellationToken),
        };
    }

    public void Dispose() => _pipeline.Dispose();

    private static SocketsHttpHandler CreateHandler() => new()
    {
        // Re-resolve DNS now and then: storage front ends move.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
    };

    private static string? ErrorCode(HttpResponseMessage response)
        => response.Headers.NonValidated.TryGetValues("x-ms-error-code", out var codes) ? codes.ToString() : null;

    /// <summary>
    /// Container names: 3 to 63 lower-case letters, digits and single hyphens, starting and
    /// ending with a letter or digit (https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata).
    /// </summary>
    private static string ContainerPath(string containerName)
    {
        ArgumentNullException.ThrowIfNull(containerName);
        var valid = containerName.Length is >= 3 and <= 63
            && containerName[0] != '-'
            && containerName[^1] != '-'
            && !containerName.Contains("--", StringComparison.Ordinal);
        foreach (var c in containerName)
        {
            valid &= char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';
        }

        if (!valid)
        {
            throw new ArgumentException(
                "Invalid container name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(containerName));
        }

        return "/" + containerName;
    }

    internal static void ValidateContainerName(string containerName) => ContainerPath(containerName);

    private static string BlobPath(string containerName, string blobName)
    {
        var container = ContainerPath(containerName);
        BlobName.Validate(blobName);
        return container + "/" + blobName;
    }
}
