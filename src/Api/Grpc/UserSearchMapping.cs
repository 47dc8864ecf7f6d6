using Identity.Application.Users.ListUsers;
using Identity.Domain.Users;
using Zitadel.User.V1;

namespace Identity.Api.Grpc;

/// <summary>zitadel.user.v1.SearchQuery to the application's user conditions (ListUsers).</summary>
internal static class UserSearchMapping
{
    /// <summary>A query without a condition maps to null, which validation refuses (QUERY-Invalid).</summary>
    public static UserCondition ToCondition(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.QueryCase switch
        {
            SearchQuery.QueryOneofCase.UserNameQuery => Text(UserTextField.UserName, query.UserNameQuery.UserName, query.UserNameQuery.Method),
            SearchQuery.QueryOneofCase.FirstNameQuery => Text(UserTextField.FirstName, query.FirstNameQuery.FirstName, query.FirstNameQuery.Method),
            SearchQuery.QueryOneofCase.LastNameQuery => Text(UserTextField.LastName, query.LastNameQuery.LastName, query.LastNameQuery.Method),
            SearchQuery.QueryOneofCase.NickNameQuery => Text(UserTextField.NickName, query.NickNameQuery.NickName, query.NickNameQuery.Method),
            SearchQuery.QueryOneofCase.DisplayNameQuery => Text(UserTextField.DisplayName, query.DisplayNameQuery.DisplayName, query.DisplayNameQuery.Method),
            SearchQuery.QueryOneofCase.EmailQuery => Text(UserTextField.Email, query.EmailQuery.EmailAddress, query.EmailQuery.Method),
            SearchQuery.QueryOneofCase.LoginNameQuery => Text(UserTextField.LoginName, query.LoginNameQuery.LoginName, query.LoginNameQuery.Method),
            SearchQuery.QueryOneofCase.StateQuery => new UserStateCondition((Identity.Domain.Users.UserState)(int)query.StateQuery.State),
            SearchQuery.QueryOneofCase.TypeQuery => new UserTypeCondition((UserType)(int)query.TypeQuery.Type),
            SearchQuery.QueryOneofCase.InUserIdsQuery => new UserIdsCondition([.. query.InUserIdsQuery.UserIds]),
            SearchQuery.QueryOneofCase.InUserEmailsQuery => new UserEmailsCondition([.. query.InUserEmailsQuery.UserEmails]),
            SearchQuery.QueryOneofCase.AndQuery => new AndCondition([.. query.AndQuery.Queries.Select(ToCondition)]),
            SearchQuery.QueryOneofCase.OrQuery => new OrCondition([.. query.OrQuery.Queries.Select(ToCondition)]),
            SearchQuery.QueryOneofCase.NotQuery => new NotCondition(query.NotQuery.Query is { } inner ? ToCondition(inner) : null!),
            _ => null!,
        };
    }

    /// <summary>The numbers are upstream's on both sides; one the application does not define is refused by validation.</summary>
    public static UserSortColumn ToSortColumn(UserFieldName field) => (UserSortColumn)(int)field;

    private static UserTextCondition Text(UserTextField field, string value, Zitadel.V1.TextQueryMethod method) =>
        new(field, method.ToTextQuery(value));
}
