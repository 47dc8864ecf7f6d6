using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users;

internal static class UserLookup
{

    /// <summary>User names are unique within an org, ignoring case and Unicode compatibility forms.</summary>
    public static async Task EnsureUserNameFreeAsync(this IUserRepository users, OrgId orgId, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (await users.UserNameTakenAsync(orgId, User.NormalizeUserName(userName), cancellationToken).ConfigureAwait(false))
        {
            throw new DomainException(Errors.User.UserNameTaken, "User name is already taken in this organization");
        }
    }

    /// <summary>
    /// docs/rules.md step 5: the user of that org; absent, in another org, or removed all answer the same
    /// NotFound, so that a caller never learns that a user exists elsewhere.
    /// </summary>
    public static async Task<User> FindInOrgAsync(this IUserRepository users, OrgId orgId, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var user = await users.GetAsync(orgId, new UserId(userId), cancellationToken).ConfigureAwait(false);
        if (user is null || user.State == UserState.Removed)
        {
            throw NotFound();
        }

        return user;
    }

    /// <summary>The one answer for a user that does not exist, is removed, or that the caller may not know of.</summary>
    public static DomainException NotFound() => new(Errors.User.NotFound, "User could not be found");

    /// <summary>One token of the user; an unknown id and a token of another user answer the same NotFound.</summary>
    public static async Task<PersonalAccessToken> FindTokenAsync(this IPersonalAccessTokenRepository tokens, UserId userId, string tokenId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return await tokens.GetAsync(userId, new TokenId(tokenId), cancellationToken).ConfigureAwait(false)
            ?? throw new DomainException(Errors.User.TokenNotFound, "Personal access token could not be found");
    }
}
