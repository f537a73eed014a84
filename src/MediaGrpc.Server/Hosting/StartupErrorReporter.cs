using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Turns bad configuration found at start-up into one line per problem on standard error,
/// naming the key, and a non-zero exit code. Without it an operator meets an
/// <see cref="OptionsValidationException"/> stack trace (twice: once logged by the host,
/// once unhandled) and has to dig the key out of it. Any other failure still surfaces
/// with its stack trace: it is a bug or an outage, not a setting to fix.
/// </summary>
/// <remarks>
/// Written to standard error rather than through a logger: the failure can come before
/// logging is built, and a bare line is what `kubectl logs` or a terminal shows first.
/// Start-up checks that want this treatment belong in an <c>IValidateOptions</c> with
/// <c>ValidateOnStart</c>: those run in <see cref="ValidateOptions"/>, before the host starts.
/// </remarks>
internal static partial class StartupErrorReporter
{
    /// <summary>The process exit code for configuration that cannot work.</summary>
    public const int ConfigurationErrorExitCode = 2;

    private const string Prefix = "mediagrpc: invalid configuration: ";

    // Microsoft.Extensions.Configuration.Binder's wording for a value of the wrong type
    // (a word for a number, an unknown enum name); its message names the key.
    private const string BinderConversionFailure = "Failed to convert configuration value";

    /// <summary>Runs the host's whole life; returns 0, or <see cref="ConfigurationErrorExitCode"/> after reporting.</summary>
    public static int Run(Action host, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            host();
            return 0;
        }
        catch (Exception ex) when (Describe(ex) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                error.WriteLine(Prefix + problem);
            }

            return ConfigurationErrorExitCode;
        }
    }

    /// <summary>
    /// Runs every <c>ValidateOnStart</c> validation now, before the host starts, so a
    /// failure reaches <see cref="Run"/> instead of being logged by the host first.
    /// </summary>
    public static void ValidateOptions(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<IStartupValidator>()?.Validate();
    }

    private static List<string> Describe(Exception exception)
    {
        var problems = new List<string>();
        switch (exception)
        {
            case OptionsValidationException validation:
                problems.AddRange(validation.Failures);
                break;
            case AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException):
                foreach (var inner in aggregate.InnerExceptions)
                {
                    problems.AddRange(((OptionsValidationException)inner).Failures);
                }

                break;
            case InvalidOperationException conversion when conversion.Message.StartsWith(BinderConversionFailure, StringComparison.Ordinal):
                // The binder quotes the value; it may be a secret (a malformed SAS URI, say).
                problems.Add(QuotedValue().Replace(conversion.Message, "configuration value at '", 1));
                break;
        }

        return problems;
    }

    // Greedy up to the last "' at '": a value holding that text is still cut out whole.
    [GeneratedRegex("configuration value '.*' at '", RegexOptions.Singleline)]
    private static partial Regex QuotedValue();
}
