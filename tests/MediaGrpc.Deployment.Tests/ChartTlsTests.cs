using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// The chart's TLS mode, without a cluster: the environment its Deployment template gives
/// the container with <c>tls.enabled</c> (read from the template itself) makes the real
/// server serve gRPC over TLS with the Secret's PEM files, and plain h2c health on the
/// probe port, which is all the kubelet's gRPC probe can call.
/// </summary>
public sealed partial class ChartTlsTests
{
    private const string TlsMountPath = "/etc/mediagrpc/tls";

    [Fact(Timeout = 120_000)]
    public async Task Tls_environment_of_the_chart_serves_grpc_over_tls_and_health_on_the_probe_port()
    {
        var grpcPort = FreePort.Next();
        var probePort = FreePort.Next();
        var secret = Directory.CreateTempSubdirectory("mediagrpc-tls-").FullName;
        try
        {
            WriteSelfSignedPem(secret);
            var environment = TlsEnvironmentOfTheTemplate(grpcPort, probePort, secret);
            Assert.Contains("Kestrel__Endpoints__Grpc__Certificate__Path", environment.Keys);

            await using var server = ServerProcessRun.Start(ServerBinaries.BuiltDll, [], environment);
            using var deadline = TestDeadline.Start();
            await server.WaitUntilServingAsync(ServerBinaries.Loopback(probePort), deadline.Token);

            var overTls = await BufCurl.HealthCheckOverTlsAsync(new Uri($"https://127.0.0.1:{grpcPort}"), deadline.Token);
            Assert.True(overTls.ExitCode == 0, overTls.ToString() + server.Describe());
            Assert.Contains("\"SERVING\"", overTls.StandardOutput, StringComparison.Ordinal);
            var plainOnTlsPort = await BufCurl.HealthCheckAsync(ServerBinaries.Loopback(grpcPort), deadline.Token);
            Assert.NotEqual(0, plainOnTlsPort.ExitCode);
            Assert.DoesNotContain(server.Output, line => line.Contains("Overriding", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(secret, recursive: true);
        }
    }

    /// <summary>
    /// The <c>name</c>/<c>value</c> pairs of the template's <c>tls.enabled</c> branch, with
    /// the ports filled in, wildcard hosts narrowed to loopback and the Secret's mount path
    /// pointed at <paramref name="secretFolder"/>.
    /// </summary>
    private static Dictionary<string, string> TlsEnvironmentOfTheTemplate(int grpcPort, int probePort, string secretFolder)
    {
        var template = File.ReadAllText(Path.Combine(ChartFiles.Directory, "templates", "deployment.yaml"));
        var branch = TlsEnvBranch().Match(template);
        Assert.True(branch.Success, "The tls.enabled env branch was not found in deployment.yaml.");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match variable in EnvVariable().Matches(branch.Groups["body"].Value))
        {
            var value = variable.Groups["value"].Value.Trim().Trim('"')
                .Replace("{{ .Values.port }}", grpcPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{{ .Values.tls.probePort }}", probePort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal)
                .Replace(TlsMountPath, secretFolder, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", value, StringComparison.Ordinal);
            environment[variable.Groups["name"].Value] = value;
        }

        return environment;
    }

    // What a kubernetes.io/tls Secret holds: tls.crt and tls.key, PEM.
    private static void WriteSelfSignedPem(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mediagrpc", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
    }

    [GeneratedRegex(@"\{\{-\s*if \.Values\.tls\.enabled\s*\}\}\s*\n\s*# Kestrel endpoints(?<body>.*?)\{\{-\s*else\s*\}\}", RegexOptions.Singleline)]
    private static partial Regex TlsEnvBranch();

    [GeneratedRegex(@"- name: (?<name>\S+)\s*\n\s*value: (?<value>[^\n]*)")]
    private static partial Regex EnvVariable();
}
