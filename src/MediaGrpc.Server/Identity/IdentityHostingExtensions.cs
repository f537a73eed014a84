using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// Who the caller is, decided by ASP.NET Core's authentication and authorization pipeline:
/// a policy scheme (<see cref="CallerSchemeSelector"/>) forwards each call to API keys, JWT
/// bearer, client certificates or the local owner; every scheme puts an <see cref="OwnerClaim"/>
/// on the principal; the mediagrpc services require the <see cref="IdentitySchemes.OwnerPolicy"/>
/// policy; a refused call gets a gRPC status (<see cref="GrpcAuthorizationResultHandler"/>).
/// Health and reflection require nothing, as load balancers and debugging tools call them
/// without credentials.
/// </summary>
public static class IdentityHostingExtensions
{
    /// <summary>Registers the schemes the configuration turns on, the owner policy and the gRPC answer to refused calls.</summary>
    public static WebApplicationBuilder AddMediaGrpcIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var sources = IdentitySources.From(builder.Configuration);
        services.AddSingleton(sources);
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<CallerSchemeSelector>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();

        var authentication = services.AddAuthentication(IdentitySchemes.Caller)
            .AddPolicyScheme(IdentitySchemes.Caller, displayName: null, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(IdentitySchemes.ApiKey, configureOptions: null)
            .AddScheme<AuthenticationSchemeOptions, LocalOwnerAuthenticationHandler>(IdentitySchemes.LocalOwner, configureOptions: null);
        services.AddOptions<PolicySchemeOptions>(IdentitySchemes.Caller)
            .Configure<CallerSchemeSelector>((scheme, selector) => scheme.ForwardDefaultSelector = selector.Select);

        if (sources.Bearer)
        {
            AddBearer(authentication);
        }

        if (sources.Certificate)
        {
            AddCertificate(builder, authentication);
        }

        services.AddAuthorization(authorization => authorization.AddPolicy(
            IdentitySchemes.OwnerPolicy,
            policy => policy.RequireAuthenticatedUser().RequireClaim(OwnerClaim.Type)));
        return builder;
    }

    /// <summary>Puts authentication and authorization in the request pipeline, ahead of the endpoints.</summary>
    public static WebApplication UseMediaGrpcIdentity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    // ASP.NET Core's JwtBearer binds Authentication:Schemes:Bearer itself (issuers, audiences,
    // Authority, SigningKeys); we keep the token's claim names as they are, so the owner claim
    // is named as in the token, and turn that claim into the owner.
    private static void AddBearer(AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        authentication.AddJwtBearer(IdentitySchemes.Bearer, _ => { });
        services.AddOptions<BearerTokenOptions>().BindConfiguration(IdentitySources.BearerSection).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BearerTokenOptions>, BearerTokenOptionsValidator>();
        services.AddOptions<JwtBearerOptions>(IdentitySchemes.Bearer).PostConfigure<IOptions<BearerTokenOptions>>((jwt, ours) =>
        {
            var ownerClaim = ours.Value.OwnerClaim;
            jwt.MapInboundClaims = false;
            jwt.IncludeErrorDetails = false;
            jwt.Events ??= new JwtBearerEvents();
            jwt.Events.OnTokenValidated = context =>
            {
                if (context.Principal?.FindFirst(ownerClaim)?.Value is { Length: > 0 } owner)
                {
                    context.Principal = OwnerClaim.Principal(owner, IdentitySchemes.Bearer, context.Principal);
                }
                else
                {
                    context.Fail(new CallerRefusedException($"The token has no '{ownerClaim}' claim to name its owner."));
                }

                return Task.CompletedTask;
            };
        });
    }

    // TLS accepts any client certificate and leaves trust to the Certificate scheme, which
    // checks the chain against the configured authorities only: a certificate from elsewhere
    // then gets UNAUTHENTICATED with a reason rather than a failed handshake the client cannot
    // explain. With ClientCertificateMode RequireCertificate a client without one is still
    // refused at the handshake.
    private static void AddCertificate(WebApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        authentication.AddCertificate(IdentitySchemes.Certificate, _ => { });

        // HTTP/2 carries many calls on one connection, each authenticated on its own: the
        // cache keeps a certificate's validated result (2 minutes, sliding) instead of
        // building its chain again on every call.
        authentication.AddCertificateCache();
        services.AddOptions<ClientCertificateOptions>().BindConfiguration(IdentitySources.CertificateSection).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClientCertificateOptions>, ClientCertificateOptionsValidator>();
        services.AddOptions<CertificateAuthenticationOptions>(IdentitySchemes.Certificate).Configure<IOptions<ClientCertificateOptions>>((certificate, ours) =>
        {
            var options = ours.Value;
            certificate.AllowedCertificateTypes = CertificateTypes.Chained;
            certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            certificate.CustomTrustStore = TrustedAuthorities.Load(options.TrustedCaFile!);
            certificate.RevocationMode = options.RevocationMode;
            certificate.ValidateCertificateUse = true;
            certificate.ValidateValidityPeriod = true;
            certificate.Events = new CertificateAuthenticationEvents
            {
                OnCertificateValidated = context =>
                {
                    if (CertificateOwnerRule.OwnerOf(context.ClientCertificate, options.OwnerFrom) is { } owner)
                    {
                        context.Principal = OwnerClaim.Principal(owner, IdentitySchemes.Certificate, context.Principal);
                        context.Success();
                    }
                    else
                    {
                        context.Fail(new CallerRefusedException($"The client certificate has no {CertificateOwnerRule.Describe(options.OwnerFrom)} to name its owner."));
                    }

                    return Task.CompletedTask;
                },
            };
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.AllowAnyClientCertificate()));
    }
}
