using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;

namespace Identity.Application.Access;

/// <summary>
/// docs/rules.md step 1: a personal access token names its machine user. Unknown, malformed, expired
/// tokens and tokens of users that cannot act (removed, deactivated, locked) all give the same
/// answer (null), so a caller learns nothing about which tokens exist.
/// </summary>
internal sealed class TokenAuthenticator(ITokenService tokens, IPersonalAccessTokenRepository accessTokens, IUserRepository users, TimeProvider clock)
{
    public async Task<Caller?> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || tokens.HashOf(token) is not { } hash)
        {
            return null;
        }

        var accessToken = await accessTokens.FindByHashAsync(hash, cancellationToken).ConfigureAwait(false);
        if (accessToken is null || !accessToken.IsValidAt(clock.GetUtcNow()))
        {
            return null;
        }

        var user = await users.FindAsync(accessToken.UserId, cancellationToken).ConfigureAwait(false);
        return user is { State: UserState.Active } ? new Caller(user.Id, user.OrgId) : null;
    }
}
