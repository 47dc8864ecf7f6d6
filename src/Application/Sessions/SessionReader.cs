using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Identity.Domain.Sessions;

namespace Identity.Application.Sessions;

/// <summary>Sessions as the API shows them, with their user's current login name and display name.</summary>
internal sealed class SessionReader(IUserRepository users, IOrganizationRepository organizations)
{
    public async Task<IReadOnlyList<SessionDto>> ToDtosAsync(IReadOnlyList<Session> sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var userIds = sessions.Where(s => s.UserId is not null).Select(s => s.UserId!.Value).Distinct().ToList();
        var byId = (await users.FindManyAsync(userIds, cancellationToken).ConfigureAwait(false)).ToDictionary(u => u.Id);
        var domains = new Dictionary<OrgId, string>();
        foreach (var orgId in byId.Values.Select(u => u.OrgId).Distinct())
        {
            domains[orgId] = (await organizations.GetAsync(orgId, cancellationToken).ConfigureAwait(false))?.PrimaryDomain ?? string.Empty;
        }

        return sessions.Select(s =>
        {
            UserFactorDto? factor = null;
            if (s.UserId is { } userId && s.UserCheckedAt is { } checkedAt && byId.TryGetValue(userId, out var user))
            {
                factor = new UserFactorDto(checkedAt, userId.Value, LoginName.Of(user, domains[user.OrgId]), user.Human?.DisplayName ?? string.Empty, user.OrgId.Value);
            }

            var ua = s.UserAgent is { } a ? new UserAgentInput(a.FingerprintId, a.Ip, a.Description, a.Header) : null;
            return new SessionDto(s.Id.Value, s.CreatedAt, s.ChangedAt, s.Sequence, factor, s.PasswordCheckedAt, s.Metadata, ua, s.ExpiresAt);
        }).ToList();
    }
}
