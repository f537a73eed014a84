using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MediaGrpc.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// The Helm chart's files, and YAML read into JSON nodes the way Helm sees values: a plain
/// scalar is resolved by the YAML 1.2 core schema (null, booleans, numbers), a quoted one
/// stays a string.
/// </summary>
internal static partial class ChartFiles
{
    public static string Directory => Path.Combine(RepositoryPaths.Root, "charts", "mediagrpc");

    public static string ChartYaml => Path.Combine(Directory, "Chart.yaml");

    public static string ValuesYaml => Path.Combine(Directory, "values.yaml");

    public static string Schema => Path.Combine(Directory, "values.schema.json");

    /// <summary>The example values files (Helm's ci/ convention), each layered over values.yaml.</summary>
    public static IEnumerable<string> ExampleValues =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "ci"), "*.yaml").Order(StringComparer.Ordinal);

    public static IEnumerable<string> Templates =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "templates")).Order(StringComparer.Ordinal);

    public static JsonObject LoadYaml(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{path} must hold one YAML document, a mapping.");
        }

        return (JsonObject)ToJson(root)!;
    }

    /// <summary>Helm's layering of a values file over the defaults: maps merge, anything else replaces, null deletes.</summary>
    public static JsonObject Merge(JsonObject defaults, JsonObject overrides)
    {
        var merged = (JsonObject)defaults.DeepClone();
        foreach (var (key, value) in overrides)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else if (value is JsonObject inner && merged[key] is JsonObject existing)
            {
                merged[key] = Merge(existing, inner);
            }
            else
            {
                merged[key] = value.DeepClone();
            }
        }

        return merged;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(child =>
            KeyValuePair.Create(((YamlScalarNode)child.Key).Value ?? string.Empty, ToJson(child.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidDataException($"Unsupported YAML node at {node.Start}."),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(bool.Parse(text));
        }

        if (Integer().IsMatch(text))
        {
            return JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture));
        }

        if (Float().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
