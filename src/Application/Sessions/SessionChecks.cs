using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Sessions;
using Identity.Domain.Users;

namespace Identity.Application.Sessions;

/// <summary>
/// What CreateSession and SetSession change: metadata and lifetime, then the user check (by id or login
/// name) and the password check (<see cref="PasswordChecker"/>), applied to the session only when they passed.
/// </summary>
internal sealed class SessionChecks(RequestContext context, IUserRepository users, IOrganizationRepository organizations, PasswordChecker checker, TimeProvider clock)
{
    /// <summary>
    /// Sets the metadata and the lifetime (both checked before any password is), then applies the checks
    /// (<see cref="ApplyAsync(Session, UserCheckInput?, string?, CancellationToken)"/>). Returns the user whose password was checked, if any.
    /// </summary>
    public Task<User?> ApplyAsync(
        Session session, IReadOnlyDictionary<string, byte[]> metadata, TimeSpan? lifetime, UserCheckInput? userCheck, string? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = clock.GetUtcNow();
        var editor = context.RequireCaller().UserId.Value;
        session.SetMetadata(metadata, now, editor);
        if (lifetime is { } span)
        {
            session.SetLifetime(span, now, editor);
        }

        return ApplyAsync(session, userCheck, password, cancellationToken);
    }

    /// <summary>
    /// Applies the checks the request carries, in order: the user (the session's user cannot change), then
    /// the password (it needs a user, from this request or an earlier one). Without a password check an
    /// unknown user answers <c>QUERY-Dfbg2</c>; with one, every failure answers <c>COMMAND-3M0fs</c>.
    /// Returns the checked user when a password was checked (it may carry a hash upgrade).
    /// </summary>
    public async Task<User?> ApplyAsync(Session session, UserCheckInput? userCheck, string? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        User? user = null;
        string? lookupKey = null;
        if (userCheck is not null)
        {
            user = await ResolveAsync(userCheck, cancellationToken).ConfigureAwait(false);
            lookupKey = LookupKey(userCheck);
            if (session.UserId is { } current && user?.Id != current)
            {
                throw new DomainException(Errors.Session.UserChanged, "The session's user was already checked and cannot be changed");
            }

            if (user is null && password is null)
            {
                throw new DomainException(Errors.Query.UserNotFound, "User could not be found");
            }
        }
        else if (password is not null)
        {
            var current = session.UserId ?? throw new DomainException(Errors.Session.UserCheckRequired, "A password check needs a user check first");
            user = await ResolveAsync(new UserCheckInput(current.Value, null), cancellationToken).ConfigureAwait(false);
            lookupKey = "id:" + current.Value;
        }

        if (password is not null)
        {
            user = await checker.CheckAsync(user, lookupKey!, password, cancellationToken).ConfigureAwait(false);
        }

        var now = clock.GetUtcNow();
        var editor = context.RequireCaller().UserId.Value;
        if (userCheck is not null)
        {
            session.CheckUser(user!.Id, user.OrgId, now, editor);
        }

        if (password is not null)
        {
            session.CheckPassword(now, editor);
        }

        return password is null ? null : user;
    }

    /// <summary>Why the user whose password a request checked must change it (<see cref="PasswordChecker.ChangeReasonAsync"/>); None without one.</summary>
    public async Task<PasswordChangeReason> ChangeReasonAsync(User? checkedUser, CancellationToken cancellationToken) =>
        checkedUser is null ? PasswordChangeReason.None : await checker.ChangeReasonAsync(checkedUser, cancellationToken).ConfigureAwait(false);

    /// <summary>The human a user check names, if it exists, is not removed and its org is not removed; else null.</summary>
    private async Task<User?> ResolveAsync(UserCheckInput check, CancellationToken cancellationToken)
    {
        User? user;
        if (check.UserId is { } id)
        {
            user = await users.FindAsync(new UserId(id), cancellationToken).ConfigureAwait(false);
            if (user is not null && await organizations.GetAsync(user.OrgId, cancellationToken).ConfigureAwait(false) is not { IsUsable: true })
            {
                user = null;
            }
        }
        else
        {
            user = LoginName.Parse(check.LoginName!) is { } name
                ? await users.FindByLoginNameAsync(name.PrimaryDomain, name.UserNameKey, cancellationToken).ConfigureAwait(false)
                : null;
        }

        return user is { Type: UserType.Human } && user.State != UserState.Removed ? user : null;
    }

    /// <summary>The user as the client named it, for the failed-check budget of a user that does not exist.</summary>
    private static string LookupKey(UserCheckInput check) =>
        check.UserId is { } id ? "id:" + id : "login:" + (LoginName.Parse(check.LoginName!) is { } n ? n.UserNameKey + "@" + n.PrimaryDomain : check.LoginName);
}

/// <summary>A computed login name, <c>user name@primary domain</c>, split at the last '@' and folded for lookup.</summary>
internal sealed record LoginName(string UserNameKey, string PrimaryDomain)
{
    public static LoginName? Parse(string loginName)
    {
        ArgumentNullException.ThrowIfNull(loginName);
        var at = loginName.LastIndexOf('@');
        if (at <= 0 || at == loginName.Length - 1)
        {
            return null;
        }

        var userName = loginName[..at];
        var domain = loginName[(at + 1)..].Trim().ToLowerInvariant();
        return userName.Trim().Length == 0 || domain.Length == 0 ? null : new LoginName(User.NormalizeUserName(userName), domain);
    }

    /// <summary>The login name a user shows: its user name at its org's primary domain.</summary>
    public static string Of(User user, string primaryDomain)
    {
        ArgumentNullException.ThrowIfNull(user);
        return $"{user.UserName}@{primaryDomain}";
    }
}
