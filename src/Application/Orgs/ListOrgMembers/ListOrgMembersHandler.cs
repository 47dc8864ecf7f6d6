using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Orgs.ListOrgMembers;

/// <summary>
/// Reads the org's memberships and their users, and filters, orders and pages them here with .NET's ordinal
/// comparisons, so that every database answers the same (an org has few members; users of the whole org are
/// searched by ListUsers, in the database).
/// </summary>
internal sealed class ListOrgMembersHandler(
    RequestContext context, IMembershipRepository memberships, IUserRepository users, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<ListOrgMembersQuery, ListResultDto<OrgMemberDto>>
{
    public async Task<ListResultDto<OrgMemberDto>> Handle(ListOrgMembersQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var members = await memberships.ListInScopeAsync(org.Id.Value, cancellationToken).ConfigureAwait(false);
        var byId = (await users.FindManyAsync(members.Select(m => m.UserId).ToList(), cancellationToken).ConfigureAwait(false))
            .Where(u => u.State != UserState.Removed)
            .ToDictionary(u => u.Id);
        var matching = members
            .Where(m => byId.TryGetValue(m.UserId, out var user) && request.Filters.All(f => Matches(f, user)))
            .Select(m => (Membership: m, User: byId[m.UserId]))
            .ToList();
        var ordered = request.Asc
            ? matching.OrderBy(x => x.Membership.CreatedAt).ThenBy(x => x.Membership.UserId.Value, StringComparer.Ordinal)
            : matching.OrderByDescending(x => x.Membership.CreatedAt).ThenByDescending(x => x.Membership.UserId.Value, StringComparer.Ordinal);
        var limit = request.Limit == 0 ? ListOrgMembersQuery.MaxLimit : (int)request.Limit;
        var paged = ordered.Skip((int)request.Offset).Take(limit).ToList();

        // a member may be a user of another org (e.g. the IAM_OWNER who created this one): its login name is of its own org
        var domains = new Dictionary<OrgId, string> { [org.Id] = org.PrimaryDomain };
        foreach (var userOrg in paged.Select(x => x.User.OrgId).Distinct().Where(o => !domains.ContainsKey(o)))
        {
            domains[userOrg] = (await organizations.GetAsync(userOrg, cancellationToken).ConfigureAwait(false))?.PrimaryDomain ?? string.Empty;
        }

        var page = paged.Select(x => Dto(x.Membership, x.User, domains[x.User.OrgId], org.Id.Value)).ToList();
        return new ListResultDto<OrgMemberDto>(page, matching.Count, org.Sequence, clock.GetUtcNow());
    }

    private static bool Matches(MemberFilter filter, User user) => filter switch
    {
        MemberFirstNameFilter f => TextMatching.Matches(user.Human?.FirstName ?? string.Empty, f.Text),
        MemberLastNameFilter f => TextMatching.Matches(user.Human?.LastName ?? string.Empty, f.Text),
        MemberEmailFilter f => TextMatching.Matches(user.Human?.Email ?? string.Empty, f.Text),
        MemberUserIdFilter f => string.Equals(user.Id.Value, f.UserId, StringComparison.Ordinal),
        _ => false,
    };

    private static OrgMemberDto Dto(Membership membership, User user, string primaryDomain, string orgId) => new(
        user.Id.Value,
        new ObjectDetailsDto(membership.Sequence, membership.CreatedAt, membership.ChangedAt, orgId),
        [.. membership.Roles],
        $"{user.UserName}@{primaryDomain}",
        user.Human?.Email ?? string.Empty,
        user.Human?.FirstName ?? string.Empty,
        user.Human?.LastName ?? string.Empty,
        user.Human?.DisplayName ?? user.Machine?.Name ?? string.Empty,
        user.Type == UserType.Machine,
        user.OrgId.Value);
}
