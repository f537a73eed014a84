namespace MediaGrpc.Storage.Tests;

public sealed class BlobNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("ttl-7d/media/AbC123_x-y.z")]
    [InlineData("ttl-30d/records/AbC123.json")]
    [InlineData(".hidden/a")]
    public void Service_names_are_valid(string name)
    {
        Assert.True(BlobName.IsValid(name));
        BlobName.Validate(name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ttl-7d/")]
    [InlineData("ttl-7d/media")]
    public void Prefixes_may_be_empty_or_end_with_a_slash(string prefix) => BlobName.ValidatePrefix(prefix);

    [Fact]
    public void The_error_never_echoes_the_rejected_name()
    {
        var error = Assert.Throws<ArgumentException>(() => BlobName.Validate("../../etc/passwd"));

        Assert.DoesNotContain("passwd", error.Message, StringComparison.Ordinal);
        Assert.Equal("blobName", error.ParamName);
    }
}
