using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.ImportHumanUser;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class ImportHumanUserHandlerTests
{
    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly IIdGenerator _ids = Substitute.For<IIdGenerator>();
    private readonly IPasswordHasher _hasher = TestData.Hasher();
    private readonly RequestContext _context = TestData.Context(TestData.Org());

    public ImportHumanUserHandlerTests()
    {
        _ids.NewId().Returns("555");
        _users.UserNameTakenAsync(TestData.OrgId, "ALICE", Arg.Any<CancellationToken>()).Returns(true);
    }

    private ImportHumanUserHandler Handler() =>
        new(_context, _users, _ids, TestData.Rules(), new RequestPasswordHasher(_hasher), new FakeTimeProvider(TestData.Now));

    private static ImportHumanUserCommand Command(string userName = "bob", string? password = null, bool changeRequired = false, string displayName = "") =>
        new(
            userName,
            new ImportHumanUserCommand.ProfileInput("Robert", "Builder", "Bob", displayName, "de", Gender.Male),
            new ImportHumanUserCommand.EmailInput("rob.b@example.com", true),
            new ImportHumanUserCommand.PhoneInput("+41790000000", false),
            password,
            changeRequired);

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    [InlineData("  aLiCe ")]
    [InlineData("ａｌｉｃｅ")]
    public async Task Taken_user_name_is_refused_case_insensitively_and_nothing_is_added(string userName)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Handler().Handle(Command(userName, TestData.GoodPassword), CancellationToken.None));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("USER-UserNameTaken", error.Summary.Id);
        _users.DidNotReceiveWithAnyArgs().Add(default!);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task User_name_is_checked_in_the_tenant()
    {
        await Handler().Handle(Command("bob"), CancellationToken.None);

        await _users.Received(1).UserNameTakenAsync(TestData.OrgId, "BOB", Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("weak")]
    [InlineData("Robert#2024x")] // contains the first name
    [InlineData("Password1!")] // on the common list
    public async Task Password_breaking_the_policy_is_refused_and_nothing_is_added_or_hashed(string password)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Handler().Handle(Command(password: password), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Policy.PasswordInvalidId, error.Summary.Id);
        _users.DidNotReceiveWithAnyArgs().Add(default!);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task User_with_a_password_is_added_active()
    {
        User? added = null;
        _users.Add(Arg.Do<User>(u => added = u));

        var result = await Handler().Handle(Command(password: "Ｃorrect-Horse-7", changeRequired: true), CancellationToken.None);

        _users.Received(1).Add(Arg.Any<User>());
        Assert.NotNull(added);
        Assert.Equal("555", result.UserId);
        Assert.Equal(new UserId("555"), added.Id);
        Assert.Equal(TestData.OrgId, added.OrgId);
        Assert.Equal("bob", added.UserName);
        Assert.Equal(UserState.Active, added.State);
        Assert.Equal("HASHED:15", added.PasswordHash);
        Assert.True(added.PasswordChangeRequired);
        _hasher.Received(1).Hash("Correct-Horse-7");
        Assert.Equal(TestData.CallerId.Value, added.PendingEvents[0].EditorId);

        Assert.Equal(1, result.Details.Sequence);
        Assert.Equal(TestData.OrgId.Value, result.Details.ResourceOwner);
        Assert.Equal(TestData.Now, result.Details.CreationDate);
        Assert.Equal(TestData.Now, result.Details.ChangeDate);
    }

    [Fact]
    public async Task User_without_a_password_is_added_initial()
    {
        User? added = null;
        _users.Add(Arg.Do<User>(u => added = u));

        await Handler().Handle(Command(), CancellationToken.None);

        Assert.NotNull(added);
        Assert.Equal(UserState.Initial, added.State);
        Assert.Null(added.PasswordHash);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task Profile_email_and_phone_are_taken_over_and_display_name_defaults_to_first_and_last()
    {
        User? added = null;
        _users.Add(Arg.Do<User>(u => added = u));

        await Handler().Handle(Command(displayName: "  "), CancellationToken.None);

        var human = Assert.IsType<HumanProfile>(added?.Human);
        Assert.Equal("Robert", human.FirstName);
        Assert.Equal("Builder", human.LastName);
        Assert.Equal("Bob", human.NickName);
        Assert.Equal("Robert Builder", human.DisplayName);
        Assert.Equal("de", human.PreferredLanguage);
        Assert.Equal(Gender.Male, human.Gender);
        Assert.Equal("rob.b@example.com", human.Email);
        Assert.True(human.IsEmailVerified);
        Assert.Equal("+41790000000", human.Phone);
        Assert.False(human.IsPhoneVerified);
    }

    [Fact]
    public async Task Given_display_name_is_kept()
    {
        User? added = null;
        _users.Add(Arg.Do<User>(u => added = u));

        await Handler().Handle(Command(displayName: "Bobby"), CancellationToken.None);

        Assert.Equal("Bobby", added?.Human?.DisplayName);
    }

    [Fact]
    public void Command_text_form_shows_neither_password_nor_personal_data()
    {
        var text = Command("bob", "Sup3r$ecret").ToString();

        Assert.DoesNotContain("Sup3r", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Robert", text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", text, StringComparison.Ordinal);
    }
}
