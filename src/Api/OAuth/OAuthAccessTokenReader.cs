using Identity.Api.Composition;
using Identity.Application.Abstractions;
using Identity.Application.Access;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Api.OAuth;

/// <summary>
/// Reads an access token issued by the token endpoint: an RS256 JWT of type <c>at+jwt</c> signed by one of the module's
/// keys (<see cref="IOAuthSigningKeys"/>, found by the token's <c>kid</c>), unexpired. Which user it names, and whether
/// that user (and the key or secret it was obtained with) may still act, is the Application layer's business
/// (<see cref="OAuthTokenAuthenticator"/>).
/// </summary>
internal sealed class OAuthAccessTokenReader(IOAuthSigningKeys keys, IdentityOptions options) : IOAuthAccessTokenReader
{
    /// <summary>The private claim naming the machine key a JWT-profile token was obtained with.</summary>
    public const string MachineKeyClaim = "urn:identity:machine_key_id";

    /// <summary>The private claim binding a client-credentials token to the secret it was obtained with (<see cref="MachineCredentialVerifier.SecretStampOf"/>).</summary>
    public const string SecretStampClaim = "urn:identity:secret_stamp";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new();

    public async Task<OAuthAccessToken?> ReadAsync(string token, CancellationToken cancellationToken) =>
        await ValidateAsync(token, cancellationToken).ConfigureAwait(false) is { } result ? Read(result) : null;

    /// <summary>What a validated token says of its user and of the key or secret it was obtained with.</summary>
    public static OAuthAccessToken? Read(TokenValidationResult result)
    {
        if (!result.Claims.TryGetValue("sub", out var subject) || subject is not string userId)
        {
            return null;
        }

        var keyId = result.Claims.TryGetValue(MachineKeyClaim, out var key) ? key as string : null;
        var stamp = result.Claims.TryGetValue(SecretStampClaim, out var secret) ? secret as string : null;
        return new OAuthAccessToken(userId, keyId, stamp);
    }

    /// <summary>The validated token, or null when it is not a valid, unexpired access token signed by one of the module's keys.</summary>
    public async Task<TokenValidationResult?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }

        string? keyId;
        try
        {
            keyId = _handler.ReadJsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (string.IsNullOrEmpty(keyId) || await keys.FindAsync(keyId, cancellationToken).ConfigureAwait(false) is not { } signingKey)
        {
            return null;
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(signingKey.Rsa) { KeyId = signingKey.KeyId },
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = ["at+jwt"],
            // The issuer is checked when configured; without it the module's own signature is what binds the token here.
            ValidateIssuer = options.OAuth.Issuer is not null,
            ValidIssuers = options.OAuth.Issuer is { } issuer ? [issuer.AbsoluteUri, issuer.AbsoluteUri.TrimEnd('/')] : null,
            ValidateAudience = false,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        return result.IsValid ? result : null;
    }
}
