using System.Text.RegularExpressions;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// No secret is committed: tests make their keys, tokens and certificates at run time, and
/// documentation shows placeholders. Every tracked file is searched for private keys, storage
/// account keys (other than the Azurite development account's, which is published), signed
/// JWTs, SAS signatures and connection-string passwords.
/// </summary>
public sealed partial class RepositorySecretsTests
{
    [Fact(Timeout = TestData.Timeout)]
    public async Task No_tracked_file_holds_a_private_key_account_key_token_sas_signature_or_password()
    {
        var files = await CommandRunner.RunAsync("git", ["-C", RepositoryPaths.Root, "ls-files", "-z"], TimeSpan.FromSeconds(30));
        Assert.True(files.ExitCode == 0, files.ToString());
        var findings = new List<string>();
        var searched = 0;
        foreach (var file in files.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(RepositoryPaths.Root, file);
            if (!File.Exists(path) || new FileInfo(path).Length > 4 * 1024 * 1024)
            {
                continue;
            }

            var text = await File.ReadAllTextAsync(path);
            searched++;
            foreach (var (what, pattern) in Patterns)
            {
                foreach (Match match in pattern.Matches(text))
                {
                    if (!IsPublicOrPlaceholder(match.Groups["value"].Value))
                    {
                        findings.Add($"{file}: {what}: {match.Value[..Math.Min(match.Value.Length, 60)]}");
                    }
                }
            }
        }

        Assert.True(searched > 100, $"Only {searched} files were searched.");
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    private static readonly (string What, Regex Pattern)[] Patterns =
    [
        ("private key", PrivateKey()),
        ("storage account key", AccountKey()),
        ("signed JWT", SignedJwt()),
        ("SAS signature", SasSignature()),
        ("connection-string password", Password()),
    ];

    // The Azurite development account key is published for local use; placeholders are
    // ellipses, interpolations ({…}) and regex classes.
    private static bool IsPublicOrPlaceholder(string value) =>
        value == AzuriteDevelopmentAccount.Key
        || value.Contains('…', StringComparison.Ordinal)
        || value.Contains("...", StringComparison.Ordinal)
        || value.StartsWith('{')
        || value.StartsWith('[')
        || value.StartsWith('$');

    [GeneratedRegex(@"-----BEGIN (?:RSA |EC |ENCRYPTED |OPENSSH )?PRIVATE KEY-----(?<value>)")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"AccountKey=(?<value>[^;""'\s`<]{8,})")]
    private static partial Regex AccountKey();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.(?<value>[A-Za-z0-9_-]{16,})")]
    private static partial Regex SignedJwt();

    [GeneratedRegex(@"[?&]sig=(?<value>[A-Za-z0-9%+/=]{16,})")]
    private static partial Regex SasSignature();

    [GeneratedRegex(@"password=(?<value>[^;,""'\s`<]{6,})", RegexOptions.IgnoreCase)]
    private static partial Regex Password();
}
