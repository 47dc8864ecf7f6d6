using System.Security.Claims;
using System.Security.Cryptography;
using Identity.Api.Composition;
using Identity.Application.Access;
using Identity.Application.Common;
using Microsoft.AspNetCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Api.OAuth;

/// <summary>
/// The OAuth 2.0 token endpoint of machine users, built on OpenIddict's server in degraded mode: no application,
/// authorization or token store. The module authenticates the machine user itself (<see cref="MachineCredentialVerifier"/>)
/// in two event handlers, and OpenIddict issues a signed (not encrypted) JWT access token that is not stored.
/// OpenIddict lives in the host's container (it is an ASP.NET Core authentication handler); its handlers reach the
/// module through the request's <see cref="ModuleRequestScope"/>.
/// </summary>
internal static class OAuthServer
{
    /// <summary>RFC 7523 section 2.1, as ZITADEL's clients send it.</summary>
    public const string JwtBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public const string TokenPath = "/oauth/v2/token";
    public const string KeysPath = "/oauth/v2/keys";
    public const string DiscoveryPath = "/.well-known/openid-configuration";

    private const string GrantProperty = ".identity_oauth_grant";

    /// <summary>The machine user a token request authenticated, and the key it used (JWT profile only).</summary>
    private sealed record Grant(Caller Caller, string? MachineKeyId);

    /// <summary>The paths OpenIddict answers (its authentication middleware runs on these only).</summary>
    public static bool IsOAuthPath(PathString path) =>
        path.StartsWithSegments("/oauth", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/.well-known", StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddIdentityOAuth(this IServiceCollection services, IdentityOptions options, OAuthSigningKeys keys)
    {
        services.AddSingleton<AssertionReplayCache>(_ => new AssertionReplayCache(TimeProvider.System));
        // OpenIddict writes every token it creates, in full, at Debug/Trace ("... JSON Web Token was successfully
        // created: <token>"): its lines below Information are dropped whatever the configured level.
        services.AddLogging(logging => logging.AddFilter("OpenIddict", LogLevel.Information));
        services.AddOpenIddict().AddServer(server =>
        {
            server.SetTokenEndpointUris(TokenPath.TrimStart('/'))
                .SetJsonWebKeySetEndpointUris(KeysPath.TrimStart('/'))
                .SetConfigurationEndpointUris(DiscoveryPath.TrimStart('/'));
            server.AllowClientCredentialsFlow().AllowCustomFlow(JwtBearerGrantType);
            server.EnableDegradedMode();
            // jwt-bearer requests carry no client_id: the assertion is the credential.
            server.AcceptAnonymousClients();
            // Scopes are sent as ZITADEL's clients send them; unknown ones are ignored, as upstream.
            server.DisableScopeValidation();
            server.DisableAccessTokenEncryption();
            server.AddSigningKey(keys.Current);
            // Required by OpenIddict even though the module issues no encrypted token.
            server.AddEphemeralEncryptionKey();
            server.SetAccessTokenLifetime(options.OAuth.AccessTokenLifetime);
            if (options.OAuth.Issuer is { } issuer)
            {
                server.SetIssuer(issuer);
            }

            // TLS ends at the module's front (or at the module with Kestrel's own certificate); plain HTTP is allowed as for the API.
            server.UseAspNetCore().DisableTransportSecurityRequirement();
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(ValidateAsync));
            server.AddEventHandler<HandleTokenRequestContext>(handler => handler.UseInlineHandler(Handle));
            server.AddEventHandler<ApplyConfigurationResponseContext>(handler => handler.UseInlineHandler(IssuerWithoutSlash));
        });
        return services;
    }

    /// <summary>Authenticates the machine user of a token request, or rejects it with OAuth's error (never naming a secret).</summary>
    private static async ValueTask ValidateAsync(ValidateTokenRequestContext context)
    {
        var http = context.Transaction.GetHttpRequest()?.HttpContext
            ?? throw new InvalidOperationException("The token endpoint runs in ASP.NET Core only");
        var module = http.RequestServices.GetRequiredService<ModuleRequestScope>().Services;
        var verifier = module.GetRequiredService<MachineCredentialVerifier>();
        if (context.Request.IsClientCredentialsGrantType())
        {
            var caller = await verifier.CheckSecretAsync(context.Request.ClientId, context.Request.ClientSecret, context.CancellationToken).ConfigureAwait(false);
            if (caller is null)
            {
                context.Reject(Errors.InvalidClient, "The client credentials are invalid.");
                return;
            }

            context.Transaction.Properties[GrantProperty] = new Grant(caller, null);
            return;
        }

        if (string.Equals(context.Request.GrantType, JwtBearerGrantType, StringComparison.Ordinal))
        {
            var options = http.RequestServices.GetRequiredService<IdentityOptions>();
            var replay = http.RequestServices.GetRequiredService<AssertionReplayCache>();
            var issuer = (options.OAuth.Issuer ?? context.BaseUri)?.AbsoluteUri.TrimEnd('/');
            var (grant, problem) = await CheckAssertionAsync(context.Request.Assertion, issuer, options.OAuth.AssertionClockSkew, verifier, replay, context.CancellationToken).ConfigureAwait(false);
            if (grant is null)
            {
                context.Reject(Errors.InvalidGrant, problem);
                return;
            }

            context.Transaction.Properties[GrantProperty] = grant;
            return;
        }

        context.Reject(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    /// <summary>
    /// The checks of RFC 7523 section 3 as ZITADEL's OP makes them: <c>iss</c> = <c>sub</c> = an active machine user,
    /// <c>kid</c> one of its active keys, RS256 signature by that key, <c>aud</c> contains the issuer, <c>exp</c> required
    /// and not passed, <c>nbf</c> passed, <c>iat</c> not in the future (each with the configured skew), and a <c>jti</c>
    /// (when sent) used once. The problem text names the failed check only.
    /// </summary>
    private static async Task<(Grant? Grant, string Problem)> CheckAssertionAsync(
        string? assertion, string? issuer, TimeSpan skew, MachineCredentialVerifier verifier, AssertionReplayCache replay, CancellationToken cancellationToken)
    {
        var handler = new JsonWebTokenHandler();
        if (string.IsNullOrEmpty(assertion) || issuer is null || !handler.CanReadToken(assertion))
        {
            return (null, "The assertion is missing or malformed.");
        }

        JsonWebToken jwt;
        try
        {
            jwt = handler.ReadJsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return (null, "The assertion is malformed.");
        }

        if (string.IsNullOrEmpty(jwt.Issuer) || !string.Equals(jwt.Issuer, jwt.Subject, StringComparison.Ordinal))
        {
            return (null, "The assertion's iss and sub must both name the machine user.");
        }

        var key = await verifier.FindActiveKeyAsync(jwt.Issuer, jwt.Kid, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return (null, "The assertion's key is unknown, expired or removed, or its user cannot act.");
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PublicKeyPem);
        var parameters = new TokenValidationParameters
        {
            // Not cached: IdentityModel caches signature providers by key id, and this RSA object is disposed below.
            IssuerSigningKey = new RsaSecurityKey(rsa) { KeyId = key.KeyId, CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } },
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = jwt.Issuer,
            ValidAudiences = [issuer, issuer + "/"],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = skew,
        };
        var result = await handler.ValidateTokenAsync(assertion, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenExpiredException => "The assertion has expired.",
                SecurityTokenInvalidAudienceException => "The assertion's audience does not name this issuer.",
                SecurityTokenNotYetValidException => "The assertion is not yet valid.",
                _ => "The assertion's signature or claims are invalid.",
            });
        }

        if (jwt.IssuedAt != DateTime.MinValue && jwt.IssuedAt > DateTime.UtcNow + skew)
        {
            return (null, "The assertion's iat is in the future.");
        }

        if (!string.IsNullOrEmpty(jwt.Id) && !replay.TryUse(jwt.Issuer, jwt.Id, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + skew))
        {
            return (null, "The assertion has already been used.");
        }

        return (new Grant(key.Caller, key.KeyId), string.Empty);
    }

    /// <summary>
    /// OpenIddict writes the issuer as <see cref="Uri.AbsoluteUri"/>, which ends in a slash (<c>https://id.example.com/</c>);
    /// zitadel/oidc's discovery refuses a document whose issuer differs byte for byte from the issuer it was given, and
    /// ZITADEL's issuers have no trailing slash.
    /// </summary>
    private static ValueTask IssuerWithoutSlash(ApplyConfigurationResponseContext context)
    {
        if ((string?)context.Response[Metadata.Issuer] is { Length: > 1 } issuer && issuer.EndsWith('/'))
        {
            context.Response[Metadata.Issuer] = issuer.TrimEnd('/');
        }

        return default;
    }

    /// <summary>Issues the access token: <c>sub</c> = the machine user, the key it used (JWT profile), the requested scopes.</summary>
    private static ValueTask Handle(HandleTokenRequestContext context)
    {
        if (!context.Transaction.Properties.TryGetValue(GrantProperty, out var value) || value is not Grant grant)
        {
            context.Reject(Errors.InvalidGrant, "The request was not authenticated.");
            return default;
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, grant.Caller.UserId.Value);
        if (grant.MachineKeyId is { } keyId)
        {
            identity.SetClaim(OAuthAccessTokenReader.MachineKeyClaim, keyId);
        }

        identity.SetDestinations(_ => [Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        // openid is accepted but issues no identity token (there is no end user and no client audience for one).
        principal.SetScopes(context.Request.GetScopes().Where(s => !string.Equals(s, Scopes.OpenId, StringComparison.Ordinal)));
        context.SignIn(principal);
        return default;
    }
}
