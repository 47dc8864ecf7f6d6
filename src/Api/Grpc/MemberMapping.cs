using Identity.Application.Common;
using Identity.Application.Orgs.ListOrgMembers;
using Zitadel.Member.V1;

namespace Identity.Api.Grpc;

/// <summary>zitadel.member.v1 messages to and from the application's member types.</summary>
internal static class MemberMapping
{
    /// <summary>A query without a condition maps to null, which validation refuses (QUERY-Invalid).</summary>
    public static MemberFilter ToFilter(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.QueryCase switch
        {
            SearchQuery.QueryOneofCase.FirstNameQuery => new MemberFirstNameFilter(Text(query.FirstNameQuery.FirstName, query.FirstNameQuery.Method)),
            SearchQuery.QueryOneofCase.LastNameQuery => new MemberLastNameFilter(Text(query.LastNameQuery.LastName, query.LastNameQuery.Method)),
            SearchQuery.QueryOneofCase.EmailQuery => new MemberEmailFilter(Text(query.EmailQuery.Email, query.EmailQuery.Method)),
            SearchQuery.QueryOneofCase.UserIdQuery => new MemberUserIdFilter(query.UserIdQuery.UserId),
            _ => null!,
        };
    }

    public static Member ToProto(OrgMemberDto member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new Member
        {
            UserId = member.UserId,
            Details = member.Details.ToProto(),
            Roles = { member.Roles },
            PreferredLoginName = member.PreferredLoginName,
            Email = member.Email,
            FirstName = member.FirstName,
            LastName = member.LastName,
            DisplayName = member.DisplayName,
            UserType = member.IsMachine ? Zitadel.User.V1.Type.Machine : Zitadel.User.V1.Type.Human,
            UserResourceOwner = member.UserResourceOwner,
        };
    }

    private static TextQuery Text(string value, Zitadel.V1.TextQueryMethod method) => method.ToTextQuery(value);
}
