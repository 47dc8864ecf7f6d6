using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Policies.GetDefaultPasswordComplexityPolicy;
using Identity.Application.Users.AddHumanUser;
using Identity.Application.Users.GetUserByLoginNameGlobal;
using Identity.Application.Users.IsUserUnique;
using Identity.Application.Users.UpdateHumanEmail;
using Identity.Application.Users.UpdateHumanPhone;
using Identity.Application.Users.UpdateUserName;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>
/// The everyday user methods of issue 15 at the handler: UpdateUserName, UpdateHumanEmail/Phone, IsUserUnique,
/// AddHumanUser, GetUserByLoginNameGlobal and GetDefaultPasswordComplexityPolicy.
/// </summary>
public class UserEverydayHandlerTests
{
    private readonly Organization _tenant = TestData.Org();
    private readonly FakeTimeProvider _clock = new(TestData.Now);

    [Fact]
    public async Task UpdateUserName_refuses_a_name_taken_in_the_org_and_changes_nothing()
    {
        var alice = TestData.Human("1");
        var users = TestData.Users(() => alice);
        users.UserNameTakenAsync(TestData.OrgId, "BOB", Arg.Any<CancellationToken>()).Returns(true);

        var e = await Assert.ThrowsAsync<DomainException>(() =>
            new UpdateUserNameHandler(TestData.Context(_tenant), users, _clock).Handle(new UpdateUserNameCommand("1", "Bob"), CancellationToken.None));

        Assert.Equal(Errors.User.UserNameTakenId, e.Summary.Id);
        Assert.Equal("alice", alice.UserName);
    }

    [Fact]
    public async Task UpdateUserName_to_another_case_of_its_own_name_does_not_meet_itself()
    {
        var alice = TestData.Human("1");
        var users = TestData.Users(() => alice);
        users.UserNameTakenAsync(Arg.Any<OrgId>(), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(true);

        var details = await new UpdateUserNameHandler(TestData.Context(_tenant), users, _clock).Handle(new UpdateUserNameCommand("1", "ALICE"), CancellationToken.None);

        Assert.Equal("ALICE", alice.UserName);
        Assert.Equal(alice.Sequence, details.Sequence);
    }

    [Fact]
    public async Task A_user_of_another_org_is_not_found_by_the_update_methods()
    {
        var other = TestData.Human("5", TestData.OtherOrgId);
        var users = TestData.Users(() => other);
        var context = TestData.Context(_tenant);

        var name = await Assert.ThrowsAsync<DomainException>(() => new UpdateUserNameHandler(context, users, _clock).Handle(new UpdateUserNameCommand("5", "x"), CancellationToken.None));
        var email = await Assert.ThrowsAsync<DomainException>(() => new UpdateHumanEmailHandler(context, users, _clock).Handle(new UpdateHumanEmailCommand("5", "x@y.test", true), CancellationToken.None));
        var phone = await Assert.ThrowsAsync<DomainException>(() => new UpdateHumanPhoneHandler(context, users, _clock).Handle(new UpdateHumanPhoneCommand("5", "+41790000000", true), CancellationToken.None));

        Assert.All([name, email, phone], ex => Assert.Equal(Errors.User.NotFoundId, ex.Summary.Id));
    }

    [Theory]
    [InlineData("alice", "", false)]
    [InlineData("ＡＬＩＣＥ", "", false)]
    [InlineData("", "Alice.W@Example.com", false)]
    [InlineData("bob", "bob@example.com", true)]
    [InlineData("", "", true)]
    public async Task IsUserUnique_checks_the_folded_name_and_the_email_in_the_tenant(string userName, string email, bool unique)
    {
        var users = Substitute.For<IUserRepository>();
        users.UserNameTakenAsync(TestData.OrgId, "ALICE", Arg.Any<CancellationToken>()).Returns(true);
        users.EmailTakenAsync(TestData.OrgId, "Alice.W@Example.com", Arg.Any<CancellationToken>()).Returns(true);

        Assert.Equal(unique, await new IsUserUniqueHandler(TestData.Context(_tenant), users).Handle(new IsUserUniqueQuery(userName, email), CancellationToken.None));
    }

    [Fact]
    public async Task AddHumanUser_with_a_password_makes_an_active_user_that_need_not_change_it_and_without_one_an_initial_user()
    {
        var users = Substitute.For<IUserRepository>();
        var ids = Substitute.For<IIdGenerator>();
        ids.NewId().Returns("700", "701");
        var added = new List<User>();
        users.When(u => u.Add(Arg.Any<User>())).Do(c => added.Add(c.Arg<User>()));
        var handler = new AddHumanUserHandler(TestData.Context(_tenant), users, ids, TestData.Rules(), new RequestPasswordHasher(TestData.Hasher()), _clock);
        AddHumanUserCommand Command(string name, string? password) => new(
            name, new("Rob", "Builder", "", "", "de", Gender.Male), new("rob@example.com", false), new("+41 79 000 00 00", false), password);

        await handler.Handle(Command("rob", TestData.GoodPassword), CancellationToken.None);
        await handler.Handle(Command("rob2", null), CancellationToken.None);

        Assert.Equal((UserState.Active, false), (added[0].State, added[0].PasswordChangeRequired));
        Assert.NotNull(added[0].PasswordHash);
        Assert.Equal(("Rob Builder", "+41790000000", false), (added[0].Human!.DisplayName, added[0].Human!.Phone, added[0].Human!.IsEmailVerified));
        Assert.Equal(UserState.Initial, added[1].State);
        Assert.Null(added[1].PasswordHash);
    }

    [Fact]
    public async Task AddHumanUser_checks_the_initial_password_by_the_password_rules()
    {
        var users = Substitute.For<IUserRepository>();
        var ids = Substitute.For<IIdGenerator>();
        ids.NewId().Returns("700");
        var handler = new AddHumanUserHandler(TestData.Context(_tenant), users, ids, TestData.Rules(), new RequestPasswordHasher(TestData.Hasher()), _clock);

        var e = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(
            new AddHumanUserCommand("rob", new("Rob", "Builder", "", "", "", Gender.Unspecified), new("rob@example.com", false), null, "weak"), CancellationToken.None));

        Assert.Equal(Errors.Policy.PasswordInvalidId, e.Summary.Id);
        users.DidNotReceiveWithAnyArgs().Add(default!);
    }

    [Fact]
    public async Task GetUserByLoginNameGlobal_answers_a_user_of_another_org_only_to_a_caller_with_a_role_there()
    {
        var otherOrg = TestData.Org(TestData.OtherOrgId, "Other");
        var stranger = TestData.Human("5", TestData.OtherOrgId, "carol");
        var users = Substitute.For<IUserRepository>();
        users.ListByLoginNameAsync(otherOrg.PrimaryDomain, "CAROL", Arg.Any<CancellationToken>()).Returns([stranger]);
        var organizations = Substitute.For<IOrganizationRepository>();
        organizations.GetAsync(TestData.OtherOrgId, Arg.Any<CancellationToken>()).Returns(otherOrg);
        var memberships = Substitute.For<IMembershipRepository>();
        memberships.GetRolesAsync(TestData.CallerId, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>())
            .Returns(c => c.Arg<IReadOnlyCollection<string>>().Contains(TestData.OtherOrgId.Value) && _viewerThere ? [Roles.OrgOwnerViewer] : []);
        var handler = new GetUserByLoginNameGlobalHandler(TestData.Context(), users, organizations, memberships);
        var query = new GetUserByLoginNameGlobalQuery("carol@" + otherOrg.PrimaryDomain);

        var hidden = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(query, CancellationToken.None));
        _viewerThere = true;
        var shown = await handler.Handle(query, CancellationToken.None);

        Assert.Equal(Errors.User.NotFoundId, hidden.Summary.Id);
        Assert.Equal("5", shown.Id);
        await memberships.Received().GetRolesAsync(TestData.CallerId, Arg.Is<IReadOnlyCollection<string>>(s => s.Contains(Membership.InstanceScope)), Arg.Any<CancellationToken>());
    }

    private bool _viewerThere;

    [Fact]
    public async Task GetDefaultPasswordComplexityPolicy_is_the_instance_default_without_details_even_when_the_org_has_its_own()
    {
        var settings = TestData.Settings(new PasswordComplexityPolicy(12, true, false, true, false));

        var dto = await new GetDefaultPasswordComplexityPolicyHandler(TestData.Rules(settings: settings)).Handle(new GetDefaultPasswordComplexityPolicyQuery(), CancellationToken.None);

        Assert.Equal((12, true, false, true, false, true), (dto.MinLength, dto.HasUppercase, dto.HasLowercase, dto.HasNumber, dto.HasSymbol, dto.IsDefault));
        Assert.Null(dto.Details);
    }
}
