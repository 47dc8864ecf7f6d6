using System.Security.Claims;
using System.Security.Cryptography;
using Identity.Api.Composition;
using Identity.Application.Abstractions;
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
/// in two event handlers, and OpenIddict issues a JWT access token (signed, not encrypted, not stored) with the module's
/// current key (<see cref="IOAuthSigningKeys"/>); the JWKS lists the module's keys.
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
    public const string IntrospectionPath = "/oauth/v2/introspect";

    private const string GrantProperty = ".identity_oauth_grant";

    /// <summary>Set by <see cref="MarkModuleBranch"/> on requests that reached the module's OAuth branch.</summary>
    private static readonly object ModuleBranchKey = new();

    /// <summary>The machine user a token request authenticated, and the key (JWT profile) or secret (client credentials) it used.</summary>
    internal sealed record Grant(Caller Caller, string? MachineKeyId, string? SecretStamp);

    /// <summary>The paths OpenIddict answers (its authentication middleware runs on these only).</summary>
    public static bool IsOAuthPath(PathString path) =>
        path.StartsWithSegments("/oauth", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/.well-known", StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddIdentityOAuth(this IServiceCollection services, IdentityOptions options)
    {
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
            // OpenIddict wants keys at start; the module's own keys (IOAuthSigningKeys: in the database, shared by the
            // replicas, rotated) replace this one on every token it signs and in the JWKS, so it is never used or shown.
            server.AddEphemeralSigningKey();
            // Required by OpenIddict even though the module issues no encrypted token.
            server.AddEphemeralEncryptionKey();
            server.SetAccessTokenLifetime(options.OAuth.AccessTokenLifetime);
            if (options.OAuth.Issuer is { } issuer)
            {
                server.SetIssuer(issuer);
            }

            // TLS ends at the module's front (or at the module with Kestrel's own certificate); plain HTTP is allowed as for the API.
            server.UseAspNetCore().DisableTransportSecurityRequirement();
            server.AddEventHandler<ProcessRequestContext>(handler => handler.UseInlineHandler(OnlyInModuleBranch)
                .SetOrder(int.MinValue + 1).SetType(OpenIddictServerHandlerType.Custom));
            server.AddEventHandler<GenerateTokenContext>(handler => handler.UseInlineHandler(SignWithModuleKeyAsync)
                .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1).SetType(OpenIddictServerHandlerType.Custom));
            server.AddEventHandler<GenerateTokenContext>(handler => handler.UseInlineHandler(IssuerClaimWithoutSlash)
                .SetOrder(OpenIddictServerHandlers.Protection.GenerateIdentityModelToken.Descriptor.Order - 1).SetType(OpenIddictServerHandlerType.Custom));
            server.AddEventHandler<HandleJsonWebKeySetRequestContext>(handler => handler.UseInlineHandler(PublishModuleKeysAsync)
                .SetOrder(OpenIddictServerHandlers.Discovery.AttachSigningKeys.Descriptor.Order + 1).SetType(OpenIddictServerHandlerType.Custom));
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(ValidateAsync));
            server.AddEventHandler<HandleTokenRequestContext>(handler => handler.UseInlineHandler(Handle));
            server.AddEventHandler<ApplyConfigurationResponseContext>(handler => handler.UseInlineHandler(ShapeDiscovery));
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

            context.Transaction.Properties[GrantProperty] = new Grant(caller, null, verifier.SecretStampOf(context.Request.ClientSecret!));
            return;
        }

        if (string.Equals(context.Request.GrantType, JwtBearerGrantType, StringComparison.Ordinal))
        {
            var (grant, problem) = await CheckAssertionAsync(http, context.Request.Assertion, context.CancellationToken).ConfigureAwait(false);
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
    internal static async Task<(Grant? Grant, string Problem)> CheckAssertionAsync(HttpContext http, string? assertion, CancellationToken cancellationToken)
    {
        var options = http.RequestServices.GetRequiredService<IdentityOptions>().OAuth;
        var module = http.RequestServices.GetRequiredService<ModuleRequestScope>().Services;
        var verifier = module.GetRequiredService<MachineCredentialVerifier>();
        var issuer = IssuerOf(http, options);
        var skew = options.AssertionClockSkew;
        var handler = new JsonWebTokenHandler();
        if (string.IsNullOrEmpty(assertion) || !handler.CanReadToken(assertion))
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

        if (!string.IsNullOrEmpty(jwt.Id)
            && !await module.GetRequiredService<IAssertionReplayGuard>().TryUseAsync(jwt.Issuer, jwt.Id, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + skew, cancellationToken).ConfigureAwait(false))
        {
            return (null, "The assertion has already been used.");
        }

        return (new Grant(key.Caller, key.KeyId, null), string.Empty);
    }

    /// <summary>
    /// OpenIddict writes the issuer as <see cref="Uri.AbsoluteUri"/>, which ends in a slash (<c>https://id.example.com/</c>);
    /// zitadel/oidc's discovery refuses a document whose issuer differs byte for byte from the issuer it was given, and
    /// ZITADEL's issuers have no trailing slash. The introspection endpoint (<see cref="OAuthIntrospection"/>, not
    /// OpenIddict's) is added.
    /// </summary>
    private static ValueTask ShapeDiscovery(ApplyConfigurationResponseContext context)
    {
        if ((string?)context.Response[Metadata.Issuer] is { Length: > 1 } issuer)
        {
            issuer = issuer.TrimEnd('/');
            context.Response[Metadata.Issuer] = issuer;
            context.Response[Metadata.IntrospectionEndpoint] = issuer + IntrospectionPath;
            context.Response[Metadata.IntrospectionEndpointAuthMethodsSupported] = new OpenIddictParameter(
                [ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost, ClientAuthenticationMethods.PrivateKeyJwt]);
        }

        return default;
    }

    /// <summary>
    /// The issuer: the configured one, else the request's scheme, host and path base (without a trailing slash, as
    /// ZITADEL writes it). JWT-profile assertions must name it in <c>aud</c>.
    /// </summary>
    internal static string IssuerOf(HttpContext http, IdentityOptions.OAuthOptions options) =>
        options.Issuer?.AbsoluteUri.TrimEnd('/')
        ?? (http.Request.Scheme + "://" + http.Request.Host.Value + http.Request.PathBase.Value).TrimEnd('/');

    /// <summary>Marks a request that reached the module's OAuth branch (after CORS and the body limit); see <see cref="OnlyInModuleBranch"/>.</summary>
    public static Task MarkModuleBranch(HttpContext context, RequestDelegate next)
    {
        context.Items[ModuleBranchKey] = true;
        return next(context);
    }

    /// <summary>
    /// A <c>WebApplication</c> with authentication services puts an authentication middleware at the very start of its
    /// pipeline, where OpenIddict would answer before CORS and the body limit. OpenIddict acts in the module's own branch
    /// only (<see cref="MarkModuleBranch"/>); anywhere else it lets the request pass.
    /// </summary>
    private static ValueTask OnlyInModuleBranch(ProcessRequestContext context)
    {
        if (context.Transaction.GetHttpRequest()?.HttpContext is not { } http || !http.Items.ContainsKey(ModuleBranchKey))
        {
            context.SkipRequest();
        }

        return default;
    }

    /// <summary>Every token is signed with the module's current key (shared by the replicas), not OpenIddict's placeholder.</summary>
    private static async ValueTask SignWithModuleKeyAsync(GenerateTokenContext context)
    {
        var http = context.Transaction.GetHttpRequest()?.HttpContext
            ?? throw new InvalidOperationException("The token endpoint runs in ASP.NET Core only");
        var keys = http.RequestServices.GetRequiredService<ModuleRequestScope>().Services.GetRequiredService<IOAuthSigningKeys>();
        var key = await keys.SigningKeyAsync(context.CancellationToken).ConfigureAwait(false);
        context.SigningCredentials = new SigningCredentials(new RsaSecurityKey(key.Rsa) { KeyId = key.KeyId }, SecurityAlgorithms.RsaSha256);
    }

    /// <summary>
    /// The token's <c>iss</c> as discovery names the issuer, without OpenIddict's trailing slash: resource servers built
    /// on zitadel/oidc compare it byte for byte with the issuer they were given (see <see cref="ShapeDiscovery"/>).
    /// </summary>
    private static ValueTask IssuerClaimWithoutSlash(GenerateTokenContext context)
    {
        if (context.SecurityTokenDescriptor.Issuer is { Length: > 1 } issuer)
        {
            context.SecurityTokenDescriptor.Issuer = issuer.TrimEnd('/');
        }

        return default;
    }

    /// <summary>The JWKS lists the module's keys that tokens may still be signed with (public parts only), and nothing else.</summary>
    private static async ValueTask PublishModuleKeysAsync(HandleJsonWebKeySetRequestContext context)
    {
        var http = context.Transaction.GetHttpRequest()?.HttpContext
            ?? throw new InvalidOperationException("The keys endpoint runs in ASP.NET Core only");
        var keys = http.RequestServices.GetRequiredService<ModuleRequestScope>().Services.GetRequiredService<IOAuthSigningKeys>();
        context.Keys.Clear();
        foreach (var key in await keys.VerificationKeysAsync(context.CancellationToken).ConfigureAwait(false))
        {
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
            context.Keys.Add(new JsonWebKey
            {
                Kty = JsonWebAlgorithmsKeyTypes.RSA,
                Use = JsonWebKeyUseNames.Sig,
                Alg = SecurityAlgorithms.RsaSha256,
                Kid = key.KeyId,
                N = Base64UrlEncoder.Encode(parameters.Modulus),
                E = Base64UrlEncoder.Encode(parameters.Exponent),
            });
        }
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

        if (grant.SecretStamp is { } stamp)
        {
            identity.SetClaim(OAuthAccessTokenReader.SecretStampClaim, stamp);
        }

        identity.SetDestinations(_ => [Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        // openid is accepted but issues no identity token (there is no end user and no client audience for one).
        principal.SetScopes(context.Request.GetScopes().Where(s => !string.Equals(s, Scopes.OpenId, StringComparison.Ordinal)));
        context.SignIn(principal);
        return default;
    }
}
