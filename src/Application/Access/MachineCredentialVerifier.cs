using System.Security.Cryptography;
using System.Text;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Access;

/// <summary>The public key a JWT-profile assertion of <see cref="Caller"/> is verified with, while the key is active.</summary>
internal sealed record ActiveMachineKey(Caller Caller, string KeyId, string PublicKeyPem, DateTimeOffset ExpiresAt);

/// <summary>
/// What the OAuth token endpoint asks of machine credentials. A machine user authenticates with a key
/// (JWT profile: the assertion names the user as <c>iss</c>/<c>sub</c> and the key as <c>kid</c>) or with its client
/// secret (client credentials: <c>client_id</c> is its user name). As with personal access tokens, an unknown user or
/// key, an expired or removed key, a wrong secret, a human, and a user that cannot act (removed, deactivated, locked)
/// all give the same answer (null), so a caller learns nothing about which credentials exist.
/// </summary>
internal sealed class MachineCredentialVerifier(IUserRepository users, IMachineKeyRepository keys, IMachineSecrets secrets, TimeProvider clock)
{
    /// <summary>The active key <paramref name="keyId"/> of the active machine user <paramref name="userId"/>, or null.</summary>
    public async Task<ActiveMachineKey?> FindActiveKeyAsync(string? userId, string? keyId, CancellationToken cancellationToken)
    {
        if (userId is null || !User.IsWellFormedId(userId) || string.IsNullOrEmpty(keyId) || keyId.Length > User.MaxIdLength)
        {
            return null;
        }

        var key = await keys.FindActiveAsync(new UserId(userId), new MachineKeyId(keyId), clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return null;
        }

        var user = await users.FindAsync(key.UserId, cancellationToken).ConfigureAwait(false);
        return user is { State: UserState.Active, Type: UserType.Machine }
            ? new ActiveMachineKey(new Caller(user.Id, user.OrgId), key.Id.Value, key.PublicKey, key.ExpiresAt)
            : null;
    }

    /// <summary>
    /// The active machine user whose secret is <paramref name="clientSecret"/> and whose user name is
    /// <paramref name="clientId"/> (compared as user names are: ignoring case and compatibility forms), or null. The
    /// secret is looked up by its hash (never compared as a string); the user name is then compared in constant time.
    /// </summary>
    public async Task<Caller?> CheckSecretAsync(string? clientId, string? clientSecret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret) || secrets.HashOf(clientSecret) is not { } hash)
        {
            return null;
        }

        var user = await users.FindByMachineSecretHashAsync(hash, cancellationToken).ConfigureAwait(false);
        if (user is not { State: UserState.Active, Type: UserType.Machine })
        {
            return null;
        }

        var named = Encoding.UTF8.GetBytes(User.NormalizeUserName(clientId));
        var own = Encoding.UTF8.GetBytes(user.UserNameKey);
        return CryptographicOperations.FixedTimeEquals(named, own) ? new Caller(user.Id, user.OrgId) : null;
    }

    /// <summary>
    /// The stamp a client-credentials access token carries of the secret it was obtained with: a hash of the stored
    /// hash, so that the token stops when that secret is removed or replaced and tells nothing of the secret.
    /// </summary>
    public static string SecretStamp(string secretHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("identity-oauth-secret-stamp\n" + secretHash)))[..32];

    /// <summary>The stamp of <paramref name="clientSecret"/> (which <see cref="CheckSecretAsync"/> accepted).</summary>
    public string? SecretStampOf(string clientSecret) => secrets.HashOf(clientSecret) is { } hash ? SecretStamp(hash) : null;

    /// <summary>Compares two stamps in constant time.</summary>
    public static bool SameStamp(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
}
