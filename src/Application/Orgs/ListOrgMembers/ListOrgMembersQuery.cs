using Identity.Application.Common;
using Identity.Application.Users;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Orgs.ListOrgMembers;

/// <summary>
/// The members of the tenant org that match every filter (AND), a page of them in the order they became members
/// (<see cref="Asc"/>: oldest first), and how many match in all.
/// </summary>
public sealed record ListOrgMembersQuery(IReadOnlyList<MemberFilter> Filters, ulong Offset, uint Limit, bool Asc)
    : IRequest<ListResultDto<OrgMemberDto>>, IAuthorizedRequest
{
    /// <summary>ZITADEL's v1 list limit: 0 means this many, more is refused.</summary>
    public const int MaxLimit = 1000;

    public string Permission => Permissions.OrgMemberRead;
}

/// <summary>One condition of ListOrgMembers (zitadel.member.v1.SearchQuery).</summary>
public abstract record MemberFilter;

public sealed record MemberFirstNameFilter(TextQuery Text) : MemberFilter;

public sealed record MemberLastNameFilter(TextQuery Text) : MemberFilter;

public sealed record MemberEmailFilter(TextQuery Text) : MemberFilter;

public sealed record MemberUserIdFilter(string UserId) : MemberFilter;

/// <summary>A member as zitadel.member.v1.Member shows it.</summary>
public sealed record OrgMemberDto(
    string UserId,
    ObjectDetailsDto Details,
    IReadOnlyList<string> Roles,
    string PreferredLoginName,
    string Email,
    string FirstName,
    string LastName,
    string DisplayName,
    bool IsMachine,
    string UserResourceOwner);
