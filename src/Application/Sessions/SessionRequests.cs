using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Sessions;

namespace Identity.Application.Sessions;

/// <summary>What the session requests share: refusing what is not offered, and finding a session the caller may see.</summary>
internal static class SessionRequests
{
    /// <summary>Checks, challenges or queries this module does not offer are refused, never ignored.</summary>
    public static void RefuseUnsupported(IReadOnlyList<string> unsupported)
    {
        ArgumentNullException.ThrowIfNull(unsupported);
        if (unsupported.Count > 0)
        {
            throw new DomainException(Errors.Session.CheckUnsupported, $"{string.Join(", ", unsupported)} not supported by this service (only the user and password checks)");
        }
    }

    public static SessionUserAgent? ToUserAgent(UserAgentInput? input) =>
        input is null ? null : new SessionUserAgent(input.FingerprintId, input.Ip, input.Description, input.Header);

    public static ObjectDetailsDto Details(this Session session) =>
        new(session.Sequence, session.CreatedAt, session.ChangedAt, session.UserOrgId?.Value ?? string.Empty);

    /// <summary>
    /// The session, if it exists, has not expired and the caller may act on it: with its token, as its creator
    /// or its user, as the system, or holding <paramref name="permission"/> at instance level or in the
    /// session user's org. Anything else answers the same NotFound, so that nobody learns which ids exist.
    /// </summary>
    public static async Task<Session> FindVisibleAsync(
        this ISessionRepository sessions,
        RequestContext context,
        IMembershipRepository memberships,
        ITokenService tokens,
        string sessionId,
        string? sessionToken,
        string permission,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(memberships);
        ArgumentNullException.ThrowIfNull(tokens);
        var session = await sessions.GetAsync(new SessionId(sessionId), cancellationToken).ConfigureAwait(false);
        if (session is null || session.IsExpired(now))
        {
            throw NotFound();
        }

        if (sessionToken is not null && session.TokenMatches(tokens.HashOf(sessionToken)))
        {
            return session;
        }

        var caller = context.RequireCaller();
        if (caller.IsSystem || session.CreatorId == caller.UserId.Value || session.UserId == caller.UserId)
        {
            return session;
        }

        string[] scopes = session.UserOrgId is { } org ? [Domain.Access.Membership.InstanceScope, org.Value] : [Domain.Access.Membership.InstanceScope];
        var roles = await memberships.GetRolesAsync(caller.UserId, scopes, cancellationToken).ConfigureAwait(false);
        return Domain.Access.Roles.Grant(roles, permission) ? session : throw NotFound();
    }

    public static DomainException NotFound() => new(Errors.Session.NotFound, "Session could not be found");
}
