using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Access;

/// <summary>
/// What a valid OAuth access token issued by the module's token endpoint says: its machine user, and the key it was
/// obtained with (JWT profile) or the stamp of the secret (client credentials).
/// </summary>
internal sealed record OAuthAccessToken(string UserId, string? MachineKeyId, string? SecretStamp);

/// <summary>Checks the signature, type and lifetime of an access token the module issued (the signing keys live outside the Application layer).</summary>
internal interface IOAuthAccessTokenReader
{
    /// <summary>The token's contents, or null when it is not a valid, unexpired access token of this module.</summary>
    Task<OAuthAccessToken?> ReadAsync(string token, CancellationToken cancellationToken);
}

/// <summary>
/// Authenticates a bearer token issued by the OAuth token endpoint (a signed JWT). The token only names the user: the
/// user's state is read at every call, so a deactivated, locked or removed user, and a token obtained with a machine
/// key that has since been removed or has expired, stop working at once (not at the token's expiry). As with personal
/// access tokens, every refusal gives the same answer (null). A client-credentials token stops when the secret it was
/// obtained with is removed or replaced (GenerateMachineSecret, RemoveMachineSecret).
/// </summary>
internal sealed class OAuthTokenAuthenticator(IOAuthAccessTokenReader reader, IUserRepository users, IMachineKeyRepository keys, TimeProvider clock)
{
    /// <summary>A compact JWS has exactly three parts; personal access tokens never contain a dot.</summary>
    public static bool IsJwt(string token) => token.AsSpan().Count('.') == 2;

    public async Task<Caller?> AuthenticateAsync(string token, CancellationToken cancellationToken) =>
        await reader.ReadAsync(token, cancellationToken).ConfigureAwait(false) is { } read
            ? await AuthenticateAsync(read, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>The caller of a token already read (its signature and lifetime checked), if its user, key or secret may still act.</summary>
    public async Task<Caller?> AuthenticateAsync(OAuthAccessToken read, CancellationToken cancellationToken)
    {
        if (!User.IsWellFormedId(read.UserId))
        {
            return null;
        }

        var userId = new UserId(read.UserId);
        if (read.MachineKeyId is null == read.SecretStamp is null)
        {
            // every token of the endpoint names exactly one of the two
            return null;
        }

        if (read.MachineKeyId is { } keyId
            && (keyId.Length > User.MaxIdLength
                || await keys.FindActiveAsync(userId, new MachineKeyId(keyId), clock.GetUtcNow(), cancellationToken).ConfigureAwait(false) is null))
        {
            return null;
        }

        var user = await users.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is not { State: UserState.Active, Type: UserType.Machine })
        {
            return null;
        }

        if (read.SecretStamp is { } stamp
            && (user.MachineSecretHash is not { } hash || !MachineCredentialVerifier.SameStamp(MachineCredentialVerifier.SecretStamp(hash), stamp)))
        {
            return null;
        }

        return new Caller(user.Id, user.OrgId);
    }
}
