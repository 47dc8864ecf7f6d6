using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Api.OAuth;

/// <summary>
/// The keys the module signs its access tokens with (RS256) and publishes at <c>/oauth/v2/keys</c>.
/// Groundwork: one RSA key generated when the process starts and held in memory, so tokens die with the process and
/// replicas do not accept each other's tokens. The plan (see the branch's report): keys in the database, generated on
/// first start, rotated on a schedule, old keys kept for verification until their tokens expire.
/// </summary>
internal sealed class OAuthSigningKeys : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public OAuthSigningKeys()
    {
        Current = new RsaSecurityKey(_rsa) { KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)) };
    }

    /// <summary>The key new tokens are signed with.</summary>
    public RsaSecurityKey Current { get; }

    /// <summary>Every key a token of the module may still be signed with.</summary>
    public IReadOnlyList<SecurityKey> VerificationKeys => [Current];

    public void Dispose() => _rsa.Dispose();
}
