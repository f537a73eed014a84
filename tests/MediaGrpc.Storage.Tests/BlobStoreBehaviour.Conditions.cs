using System.Net;
using System.Security.Cryptography;

namespace MediaGrpc.Storage.Tests;

/// <summary>Conditional reads: a reader bound to one ETag never gets bytes of another version.</summary>
public abstract partial class BlobStoreBehaviour
{
    [Fact(Timeout = 60_000)]
    public async Task Ranged_read_with_the_current_etag_returns_the_range()
    {
        var name = NewBlobName();
        var content = RandomNumberGenerator.GetBytes(50_000);
        var put = await Store.PutAsync(name, content, new BlobCommitOptions(), CancellationToken.None);

        await using var stream = await Store.OpenReadAsync(name, 1000, 2000, put.ETag, CancellationToken.None);
        using var read = new MemoryStream();
        await stream.CopyToAsync(read);

        Assert.Equal(content[1000..3000], read.ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task Read_with_a_replaced_etag_fails_with_condition_not_met()
    {
        var name = NewBlobName();
        var first = await Store.PutAsync(name, RandomNumberGenerator.GetBytes(1000), new BlobCommitOptions(), CancellationToken.None);
        await Store.PutAsync(name, RandomNumberGenerator.GetBytes(1000), new BlobCommitOptions(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => Store.OpenReadAsync(name, 10, 100, first.ETag, CancellationToken.None));
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Equal(BlobErrorCodes.ConditionNotMet, error.ErrorCode);

        // At the end of the blob too, where the store answers without reading.
        var atEnd = await Assert.ThrowsAsync<BlobStoreException>(() => Store.OpenReadAsync(name, 1000, null, first.ETag, CancellationToken.None));
        Assert.Equal(BlobErrorCodes.ConditionNotMet, atEnd.ErrorCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Read_with_an_etag_of_a_deleted_blob_fails_with_condition_not_met()
    {
        var name = NewBlobName();
        var put = await Store.PutAsync(name, RandomNumberGenerator.GetBytes(1000), new BlobCommitOptions(), CancellationToken.None);
        await Store.DeleteAsync(name, CancellationToken.None);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => Store.OpenReadAsync(name, 0, 100, put.ETag, CancellationToken.None));
        Assert.Equal(BlobErrorCodes.ConditionNotMet, error.ErrorCode);
    }
}
