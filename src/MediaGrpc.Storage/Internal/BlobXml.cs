using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// The XML bodies of the Blob REST API this client reads and writes. Replies are parsed with
/// DTDs prohibited and no resolver.
/// </summary>
internal static class BlobXml
{

    /// <summary>
    /// Put Block List body (https://learn.microsoft.com/rest/api/storageservices/put-block-list):
    /// <c>&lt;BlockList&gt;&lt;Latest&gt;id&lt;/Latest&gt;…&lt;/BlockList&gt;</c>. "Latest" takes the
    /// uncommitted block when one exists, else the committed one. IDs are validated base64, so
    /// they need no escaping.
    /// </summary>
    public static byte[] BlockListBody(IReadOnlyList<string> blockIds)
    {
        var builder = new StringBuilder(64 + (blockIds.Count * 48));
        builder.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            builder.Append("<Latest>").Append(id).Append("</Latest>");
        }

        builder.Append("</BlockList>");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>
    /// Get Block List reply: <c>&lt;BlockList&gt;&lt;CommittedBlocks&gt;&lt;Block&gt;&lt;Name&gt;id&lt;/Name&gt;&lt;Size&gt;n&lt;/Size&gt;…</c>
    /// and the same under <c>UncommittedBlocks</c>.
    /// </summary>
    public static async Task<BlobBlockList> ParseBlockListAsync(Stream body, CancellationToken cancellationToken)
    {
        var root = await LoadAsync(body, cancellationToken);
        return new BlobBlockList(Blocks(root.Element("CommittedBlocks")), Blocks(root.Element("UncommittedBlocks")));

        static List<BlobBlock> Blocks(XElement? list)
        {
            var blocks = new List<BlobBlock>();
            foreach (var block in list?.Elements("Block") ?? [])
            {
                blocks.Add(new BlobBlock(Required(block, "Name"), long.Parse(Required(block, "Size"), CultureInfo.InvariantCulture)));
            }

            return blocks;
        }
    }

    /// <summary>
    /// One page of List Blobs (https://learn.microsoft.com/rest/api/storageservices/list-blobs):
    /// <c>&lt;EnumerationResults&gt;&lt;Blobs&gt;&lt;Blob&gt;&lt;Name/&gt;&lt;Properties&gt;…&lt;/Properties&gt;&lt;Metadata&gt;…</c>
    /// then <c>&lt;NextMarker/&gt;</c>. Names that are not valid <see cref="BlobName"/>s are skipped.
    /// </summary>
    public static async Task<(List<BlobProperties> Blobs, string? NextMarker)> ParseListBlobsAsync(Stream body, CancellationToken cancellationToken)
    {
        var root = await LoadAsync(body, cancellationToken);
        var blobs = new List<BlobProperties>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var name = Required(blob, "Name");
            var properties = blob.Element("Properties");
            if (!BlobName.IsValid(name) || properties is null)
            {
                continue;
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in blob.Element("Metadata")?.Elements() ?? [])
            {
                metadata[entry.Name.LocalName] = entry.Value;
            }

            var etag = Required(properties, "Etag");
            blobs.Add(new BlobProperties(
                name,
                long.Parse(Required(properties, "Content-Length"), CultureInfo.InvariantCulture),
                etag.StartsWith('"') ? etag : "\"" + etag + "\"",
                properties.Element("Content-Type")?.Value is { Length: > 0 } contentType ? contentType : null,
                metadata,
                DateTimeOffset.Parse(Required(properties, "Last-Modified"), CultureInfo.InvariantCulture)));
        }

        var nextMarker = root.Element("NextMarker")?.Value;
        return (blobs, string.IsNullOrEmpty(nextMarker) ? null : nextMarker);
    }

    /// <summary>The <c>&lt;Error&gt;&lt;Message&gt;</c> of an error reply, or null.</summary>
    public static string? ErrorMessage(string body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var reader = XmlReader.Create(new StringReader(body), ReaderSettings());
            var message = XDocument.Load(reader).Root?.Element("Message")?.Value;

            // The service appends RequestId and Time on further lines; the first line says it.
            return message?.Split('\n', 2)[0].Trim();
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static async Task<XElement> LoadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = XmlReader.Create(body, ReaderSettings());
            var document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken);
            return document.Root ?? throw new XmlException("The reply has no root element.");
        }
        catch (XmlException exception)
        {
            throw new BlobStoreException("The service replied with malformed XML.", exception);
        }
    }

    private static XmlReaderSettings ReaderSettings() => new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    private static string Required(XElement parent, string name)
        => parent.Element(name)?.Value ?? throw new BlobStoreException($"The service's reply lacks <{name}> in <{parent.Name.LocalName}>.");
}
