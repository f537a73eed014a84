using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Xunit;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// The chart without a helm binary: every values file parses and, layered over the
/// defaults as Helm does, passes values.schema.json; every value a template reads exists
/// in values.yaml; every template block is closed.
/// </summary>
public sealed partial class ChartValuesTests
{
    private static readonly Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromText(File.ReadAllText(ChartFiles.Schema)));

    public static TheoryData<string> ValuesFiles()
    {
        var files = new TheoryData<string> { "values.yaml" };
        foreach (var example in ChartFiles.ExampleValues)
        {
            files.Add(Path.GetRelativePath(ChartFiles.Directory, example));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Values_file_layered_over_the_defaults_passes_the_schema(string file)
    {
        var defaults = ChartFiles.LoadYaml(ChartFiles.ValuesYaml);
        var values = ChartFiles.Merge(defaults, ChartFiles.LoadYaml(Path.Combine(ChartFiles.Directory, file)));

        var errors = Validate(values);

        Assert.True(errors.Count == 0, $"{file}:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void There_are_example_values_for_local_disk_workload_identity_and_sas_with_tls()
    {
        var examples = ChartFiles.ExampleValues.Select(file => ChartFiles.LoadYaml(file)).ToArray();

        Assert.Contains(examples, e => e["storage"]?["provider"]?.GetValue<string>() == "LocalDisk");
        Assert.Contains(examples, e => e["storage"]?["azureBlob"]?["auth"]?.GetValue<string>() == "WorkloadIdentity");
        Assert.Contains(examples, e => e["storage"]?["azureBlob"]?["auth"]?.GetValue<string>() == "SasUri" && e["tls"]?["enabled"]?.GetValue<bool>() == true);
    }

    [Theory]
    [InlineData("storage.provider", "\"S3\"")]
    [InlineData("storage.azureBlob.auth", "\"AccountKey\"")]
    [InlineData("port", "\"8080\"")]
    [InlineData("port", "70000")]
    [InlineData("drain.shutdownTimeoutSeconds", "0")]
    [InlineData("metrics.enabeld", "true")]
    [InlineData("settings.Media MaxMediaSize", "\"1\"")]
    [InlineData("settings.Media:MaxMediaSize", "209715200")]
    [InlineData("apiKeys", "[{\"owner\":\"alice\"}]")]
    [InlineData("tls.enabled", "true")]
    [InlineData("apiKeys", "[{\"owner\":\"alice\",\"sha256\":\"abc\"}]")]
    [InlineData("apiKeys", "[{\"owner\":\"alice\",\"sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"secretName\":\"s\",\"secretKey\":\"k\"}]")]
    [InlineData("jwt.enabled", "true")]
    [InlineData("tls.clientCertificates.mode", "\"RequireCertificate\"")]
    [InlineData("tls.clientCertificates.ownerFrom", "\"Email\"")]
    [InlineData("rateLimits.replenishmentPeriod", "\"1s\"")]
    [InlineData("storage.azureBlob.workloadIdentity", "null")]
    public void Schema_refuses_a_wrong_value(string path, string json)
    {
        var values = ChartFiles.LoadYaml(ChartFiles.ValuesYaml);
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate((JsonNode)values, (node, key) => node[key]!);
        var value = JsonNode.Parse(json);
        if (value is null)
        {
            ((JsonObject)parent).Remove(segments[^1]);
        }
        else
        {
            parent[segments[^1]] = value;
        }

        Assert.NotEmpty(Validate(values));
    }

    [Fact]
    public void Schema_asks_for_the_identity_and_service_uri_with_workload_identity()
    {
        var values = ChartFiles.LoadYaml(ChartFiles.ValuesYaml);
        values["storage"]!["azureBlob"]!["auth"] = "WorkloadIdentity";

        var errors = Validate(values);

        Assert.Contains(errors, e => e.Contains("/storage/azureBlob/workloadIdentity/serviceUri", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("/storage/azureBlob/workloadIdentity/clientId", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_value_the_templates_read_exists_in_values_yaml()
    {
        var defaults = ChartFiles.LoadYaml(ChartFiles.ValuesYaml);
        var missing = new List<string>();
        var referenced = 0;
        foreach (var template in ChartFiles.Templates)
        {
            foreach (Match reference in ValuesReference().Matches(File.ReadAllText(template)))
            {
                referenced++;
                var path = reference.Groups["path"].Value;
                JsonNode? node = defaults;
                foreach (var key in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (node is not JsonObject map || !map.ContainsKey(key))
                    {
                        missing.Add($"{Path.GetFileName(template)}: .Values{path}");
                        break;
                    }

                    node = map[key];
                }
            }
        }

        Assert.True(referenced > 50, $"Only {referenced} references found: is the pattern still right?");
        Assert.True(missing.Count == 0, "Not in values.yaml:\n" + string.Join('\n', missing.Distinct()));
    }

    [Fact]
    public void Every_value_in_values_yaml_is_read_by_a_template()
    {
        // Dead values mislead operators: each leaf (or a map handed over whole) must be read.
        var text = string.Concat(ChartFiles.Templates.Select(File.ReadAllText));
        var defaults = ChartFiles.LoadYaml(ChartFiles.ValuesYaml);
        var read = ValuesReference().Matches(text).Select(m => m.Groups["path"].Value).ToHashSet(StringComparer.Ordinal);
        var aliases = AliasReference().Matches(text).Select(m => (m.Groups["alias"].Value, m.Groups["path"].Value)).ToArray();
        foreach (var (alias, target) in aliases)
        {
            foreach (Match use in Regex.Matches(text, Regex.Escape("$" + alias) + @"((?:\.[A-Za-z_][A-Za-z0-9_]*)+)"))
            {
                read.Add(target + use.Groups[1].Value);
            }
        }

        var unread = Leaves(defaults, string.Empty)
            .Where(path => !read.Any(r => path == r || path.StartsWith(r + ".", StringComparison.Ordinal)))
            .ToArray();

        Assert.True(unread.Length == 0, "Read by no template:\n" + string.Join('\n', unread));
    }

    [Fact]
    public void Every_template_closes_every_block_it_opens()
    {
        foreach (var template in ChartFiles.Templates)
        {
            var text = File.ReadAllText(template);
            var opened = BlockOpen().Count(text);
            var closed = BlockEnd().Count(text);

            Assert.True(opened == closed, $"{Path.GetFileName(template)}: {opened} blocks opened, {closed} closed.");
            Assert.Equal(Regex.Count(text, @"\{\{"), Regex.Count(text, @"\}\}"));
        }
    }

    private static List<string> Validate(JsonObject values)
    {
        using var document = JsonDocument.Parse(values.ToJsonString());
        var results = s_schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = new List<string>();
        if (results.IsValid)
        {
            return errors;
        }

        foreach (var detail in results.Details ?? [])
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{detail.InstanceLocation} ({keyword}): {message}");
            }
        }

        if (errors.Count == 0)
        {
            errors.Add("invalid (no detail)");
        }

        return errors;
    }

    private static IEnumerable<string> Leaves(JsonNode? node, string path)
    {
        if (node is JsonObject map && map.Count > 0)
        {
            foreach (var (key, child) in map)
            {
                foreach (var leaf in Leaves(child, path + "." + key))
                {
                    yield return leaf;
                }
            }
        }
        else
        {
            yield return path;
        }
    }

    // .Values.a.b (also $.Values.a.b); the path is what follows ".Values".
    [GeneratedRegex(@"\.Values(?<path>(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesReference();

    // {{- $alias := .Values.a.b }}: later uses of $alias.c read .Values.a.b.c.
    [GeneratedRegex(@"\$(?<alias>[A-Za-z_][A-Za-z0-9_]*)\s*:=\s*\.Values(?<path>(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex AliasReference();

    [GeneratedRegex(@"\{\{-?\s*(if|range|with|define|block)\b")]
    private static partial Regex BlockOpen();

    [GeneratedRegex(@"\{\{-?\s*end\s*-?\}\}")]
    private static partial Regex BlockEnd();
}
