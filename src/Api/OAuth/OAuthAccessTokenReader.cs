using Identity.Api.Composition;
using Identity.Application.Access;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Api.OAuth;

/// <summary>
/// Reads an access token issued by the token endpoint: an RS256 JWT of type <c>at+jwt</c> signed by one of the module's
/// keys, unexpired. Which user it names, and whether that user (and the key it was obtained with) may still act, is the
/// Application layer's business (<see cref="OAuthTokenAuthenticator"/>).
/// </summary>
internal sealed class OAuthAccessTokenReader(OAuthSigningKeys keys, IdentityOptions options) : IOAuthAccessTokenReader
{
    /// <summary>The private claim naming the machine key a JWT-profile token was obtained with.</summary>
    public const string MachineKeyClaim = "urn:identity:machine_key_id";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new();

    public async Task<OAuthAccessToken?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys.VerificationKeys,
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
        if (!result.IsValid || !result.Claims.TryGetValue("sub", out var subject) || subject is not string userId)
        {
            return null;
        }

        var keyId = result.Claims.TryGetValue(MachineKeyClaim, out var key) ? key as string : null;
        return new OAuthAccessToken(userId, keyId);
    }
}
