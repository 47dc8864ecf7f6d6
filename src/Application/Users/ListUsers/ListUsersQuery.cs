using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.ListUsers;

/// <summary>
/// The users of the tenant org (never removed ones) that match every condition (AND), a page of them ordered by
/// <see cref="SortBy"/> (then by id), and how many match in all (zitadel.management.v1 ListUsers).
/// </summary>
public sealed record ListUsersQuery(IReadOnlyList<UserCondition> Conditions, UserSortColumn SortBy, ulong Offset, uint Limit, bool Asc)
    : IRequest<ListResultDto<UserDto>>, IAuthorizedRequest
{
    /// <summary>ZITADEL's v1 list limit: 0 means this many, more is refused.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Conditions in one request, counting those inside and/or/not: a bound on the SQL a request can build.</summary>
    public const int MaxConditions = 100;

    /// <summary>How deep and/or/not may nest.</summary>
    public const int MaxDepth = 8;

    /// <summary>Ids or email addresses in one in_user_ids_query or in_user_emails_query.</summary>
    public const int MaxListValues = 1000;

    public string Permission => Permissions.UserRead;
}

/// <summary>zitadel.user.v1.UserFieldName: the column a user list is ordered by.</summary>
public enum UserSortColumn
{
    /// <summary>No column named: ordered by user name, as <see cref="UserName"/>.</summary>
    Unspecified = 0,
    UserName = 1,
    FirstName = 2,
    LastName = 3,
    NickName = 4,
    DisplayName = 5,
    Email = 6,
    State = 7,
    Type = 8,
    CreationDate = 9,
}

/// <summary>A text field of a user that a text query compares (zitadel.user.v1 *NameQuery, EmailQuery, LoginNameQuery).</summary>
public enum UserTextField
{
    UserName,
    FirstName,
    LastName,
    NickName,
    DisplayName,
    Email,
    LoginName,
}

/// <summary>One condition of ListUsers (zitadel.user.v1.SearchQuery).</summary>
public abstract record UserCondition;

public sealed record UserTextCondition(UserTextField Field, TextQuery Text) : UserCondition;

/// <summary>Always equals; a state no user can be in (e.g. USER_STATE_DELETED) matches nobody.</summary>
public sealed record UserStateCondition(UserState State) : UserCondition;

public sealed record UserTypeCondition(UserType Type) : UserCondition;

public sealed record UserIdsCondition(IReadOnlyList<string> UserIds) : UserCondition;

/// <summary>The user's email is one of these, ignoring case.</summary>
public sealed record UserEmailsCondition(IReadOnlyList<string> Emails) : UserCondition;

public sealed record AndCondition(IReadOnlyList<UserCondition> Conditions) : UserCondition;

/// <summary>An empty OR matches nobody.</summary>
public sealed record OrCondition(IReadOnlyList<UserCondition> Conditions) : UserCondition;

public sealed record NotCondition(UserCondition Condition) : UserCondition;
