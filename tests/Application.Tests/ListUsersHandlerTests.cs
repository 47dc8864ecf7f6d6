using FluentValidation.TestHelper;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.ListUsers;
using Identity.Domain.Common;
using Identity.Domain.Users;
using Identity.Application.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>ListUsers: what the handler asks the search port for and how it answers; what the validator refuses.</summary>
public class ListUsersHandlerTests
{
    private readonly IUserSearch _search = Substitute.For<IUserSearch>();
    private readonly Domain.Organizations.Organization _tenant = TestData.Org();

    private async Task<(ListResultDto<UserDto> Result, UserSearchRequest Asked)> ListAsync(ListUsersQuery query, IReadOnlyList<User> page, long total)
    {
        UserSearchRequest? asked = null;
        _search.SearchAsync(Arg.Do<UserSearchRequest>(r => asked = r), Arg.Any<CancellationToken>()).Returns(new UserSearchPage(page, total));
        var result = await new ListUsersHandler(TestData.Context(_tenant), _search, new FakeTimeProvider(TestData.Now)).Handle(query, CancellationToken.None);
        return (result, asked!);
    }

    [Fact]
    public async Task Searches_the_tenant_org_with_its_domain_and_answers_users_as_GetUserByID_does()
    {
        var condition = new UserTextCondition(UserTextField.LoginName, new TextQuery("alice@acme.test", TextMatch.Equals));
        var alice = TestData.Human("1", userName: "alice");

        var (result, asked) = await ListAsync(new ListUsersQuery([condition], UserSortColumn.Email, 5, 20, true), [alice], 42);

        Assert.Equal((_tenant.Id, _tenant.PrimaryDomain, UserSortColumn.Email, true, 5, 20), (asked.OrgId, asked.PrimaryDomain, asked.SortBy, asked.Asc, asked.Offset, asked.Limit));
        Assert.Equal([condition], asked.Conditions);
        var user = Assert.Single(result.Result);
        Assert.Equal(("1", "alice", $"alice@{_tenant.PrimaryDomain}"), (user.Id, user.UserName, user.PreferredLoginName));
        Assert.Equal(42, result.TotalResult);
        Assert.Equal(TestData.Now, result.ViewTimestamp);
    }

    [Fact]
    public async Task Limit_zero_is_the_maximum_and_no_column_is_the_user_name()
    {
        var (_, asked) = await ListAsync(new ListUsersQuery([], UserSortColumn.Unspecified, 0, 0, false), [], 0);

        Assert.Equal((ListUsersQuery.MaxLimit, UserSortColumn.UserName, false), (asked.Limit, asked.SortBy, asked.Asc));
    }

    private static ListUsersQuery With(params UserCondition[] conditions) => new(conditions, UserSortColumn.UserName, 0, 100, true);

    private static UserTextCondition Name(string value, TextMatch match = TextMatch.Equals) => new(UserTextField.UserName, new TextQuery(value, match));

    [Fact]
    public void The_validator_accepts_every_kind_nested_within_the_bounds()
    {
        UserCondition nested = Name("alice");
        for (var i = 1; i < ListUsersQuery.MaxDepth; i++)
        {
            nested = new NotCondition(nested);
        }

        var query = With(
            nested,
            new OrCondition([Name("a", TextMatch.ContainsIgnoreCase), new UserStateCondition(UserState.Locked), new UserStateCondition((UserState)5)]),
            new AndCondition([new UserTypeCondition(UserType.Machine), new UserIdsCondition(["1", "2"]), new UserEmailsCondition(["a@b.test"])]),
            new OrCondition([]));

        new ListUsersValidator().TestValidate(query).ShouldNotHaveAnyValidationErrors();
    }

    public static TheoryData<string, ListUsersQuery> Refused => new()
    {
        { Errors.Query.LimitExceededId, new ListUsersQuery([], UserSortColumn.UserName, 0, ListUsersQuery.MaxLimit + 1, true) },
        { Errors.Query.OffsetInvalidId, new ListUsersQuery([], UserSortColumn.UserName, (ulong)int.MaxValue + 1, 10, true) },
        { Errors.Query.InvalidId, new ListUsersQuery([], (UserSortColumn)42, 0, 10, true) },
        { Errors.Query.InvalidId, With([null!]) },
        { Errors.Query.InvalidId, With(new NotCondition(null!)) },
        { Errors.Query.InvalidId, With(Name("a", (TextMatch)99)) },
        { Errors.Query.InvalidId, With(Name(new string('a', 201))) },
        { Errors.Query.InvalidId, With(Name("a\u0000b")) },
        { Errors.Query.InvalidId, With(new UserStateCondition((UserState)42)) },
        { Errors.Query.InvalidId, With(new UserTypeCondition((UserType)3)) },
        { Errors.Query.InvalidId, With(new UserIdsCondition([.. Enumerable.Range(0, ListUsersQuery.MaxListValues + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))])) },
        { Errors.Query.InvalidId, With(new UserEmailsCondition([new string('e', 201)])) },
        { Errors.Query.InvalidId, With([.. Enumerable.Range(0, ListUsersQuery.MaxConditions + 1).Select(_ => new UserTypeCondition(UserType.Human))]) },
        { Errors.Query.InvalidId, With(Deep(ListUsersQuery.MaxDepth + 1)) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void The_validator_refuses_with_its_id(string id, ListUsersQuery query)
    {
        var errors = new ListUsersValidator().TestValidate(query).Errors;

        Assert.Contains(errors, e => e.ErrorCode == id);
    }

    private static UserCondition Deep(int depth)
    {
        UserCondition condition = Name("alice");
        for (var i = 1; i < depth; i++)
        {
            condition = new AndCondition([condition]);
        }

        return condition;
    }
}
