namespace MediaGrpc.Storage.Tests;

// Inputs every store must refuse before touching a path or URL.
public abstract partial class BlobStoreBehaviour
{
    public static TheoryData<string> InvalidBlobNames() =>
    [
        "",
        "/media/abc",
        "media/abc/",
        "media//abc",
        "..",
        "media/../abc",
        "media/./abc",
        "media/abc.",
        "media\\abc",
        "media/a b",
        "media/a%2e%2e",
        "media/a?b",
        "media/a#b",
        "media/a~b",
        "media/é",
        "media/a\0b",
        new string('a', BlobName.MaxLength + 1),
        "media/" + new string('a', BlobName.MaxSegmentLength + 1),
    ];

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(InvalidBlobNames))]
    public async Task Invalid_blob_names_are_rejected_by_every_operation(string name)
    {
        var none = CancellationToken.None;
        var options = new BlobCommitOptions();
        await Assert.ThrowsAsync<ArgumentException>(() => Store.StageBlockAsync(name, 0, new byte[1], none));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetStagedBlocksAsync(name, none));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(name, options, none));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetPropertiesAsync(name, none));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(name, 0, null, none));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(name, none));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(name, new byte[1], options, none));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/media")]
    [InlineData("media//")]
    [InlineData("../")]
    [InlineData("media/a b")]
    public async Task Invalid_list_prefixes_are_rejected(string prefix)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var unused in Store.ListAsync(prefix, CancellationToken.None))
            {
            }
        });
    }

    public static TheoryData<string?, string, string> InvalidCommitOptions() => new()
    {
        { "text/plain\r\nx-ms-meta-evil: 1", "ok", "v" },
        { " image/png", "ok", "v" },
        { null, "Upper", "v" },
        { null, "with-dash", "v" },
        { null, "with_underscore", "v" },
        { null, "1digitfirst", "v" },
        { null, "", "v" },
        { null, "ok", "line\nbreak" },
        { null, "ok", " padded " },
        { null, "ok", "non-ascii é" },
        { null, "ok", new string('v', 9000) },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(InvalidCommitOptions))]
    public async Task Invalid_content_type_or_metadata_is_rejected_before_anything_is_written(string? contentType, string key, string value)
    {
        var name = NewBlobName();
        var options = new BlobCommitOptions { ContentType = contentType, Metadata = new Dictionary<string, string> { [key] = value } };
        await Store.StageBlockAsync(name, 0, new byte[1], CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(name, options, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(name, new byte[1], options, CancellationToken.None));

        Assert.Null(await Store.GetPropertiesAsync(name, CancellationToken.None));
        Assert.Single(await Store.GetStagedBlocksAsync(name, CancellationToken.None));
    }

    [Fact(Timeout = 60_000)]
    public async Task Empty_blocks_and_negative_offsets_are_rejected()
    {
        var name = NewBlobName();
        await Assert.ThrowsAsync<ArgumentException>(() => Store.StageBlockAsync(name, 0, ReadOnlyMemory<byte>.Empty, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.StageBlockAsync(name, -1, new byte[1], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.OpenReadAsync(name, -1, null, CancellationToken.None));
    }
}
