using Identity.Application.Abstractions;
using Identity.Application.Sessions;
using Identity.Application.Sessions.CheckPassword;
using Identity.Application.Sessions.CreateSession;
using Identity.Application.Sessions.SetSession;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Sessions;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests.Sessions;

/// <summary>
/// The password age policy at sign-in: an expired password still signs in, and the answers of CreateSession,
/// SetSession and CheckPassword say that a change is required and why. Alice's password was set at
/// <see cref="TestData.Created"/>; the clock is moved around the policy's max_age_days.
/// </summary>
public class PasswordAgeSignInTests
{
    private const string SessionIdValue = "5000";
    private const uint MaxAgeDays = 30;
    private static readonly Dictionary<string, byte[]> NoMetadata = new(StringComparer.Ordinal);

    private readonly SignInTestKit _kit = new();
    private readonly ISessionRepository _sessions = Substitute.For<ISessionRepository>();
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly IIdGenerator _ids = Substitute.For<IIdGenerator>();
    private readonly List<Session> _added = [];

    public PasswordAgeSignInTests()
    {
        _tokens.Generate().Returns(("token", "hash-of-token"));
        _ids.NewId().Returns(SessionIdValue);
        _sessions.When(s => s.Add(Arg.Any<Session>())).Do(ci => _added.Add(ci.Arg<Session>()));
    }

    private static DateTimeOffset MaxAgeReached => TestData.Created + TimeSpan.FromDays(MaxAgeDays);

    private void StoreAlice(bool changeRequired = false)
    {
        _kit.Stored = () => SignInTestKit.HumanWithPassword(changeRequired: changeRequired);
        _kit.Users.FindByLoginNameAsync(_kit.Org.PrimaryDomain, "ALICE", Arg.Any<CancellationToken>())
            .Returns(_ => Task.FromResult<User?>(_kit.Stored!()));
    }

    private void OrgPolicy(uint maxAgeDays) =>
        _kit.Org.AddPasswordAgePolicy(new PasswordAgePolicy(maxAgeDays, 5), TestData.Created, TestData.CallerId.Value);

    private Task<SessionTokenResult> Create(string? password = SignInTestKit.Password) =>
        new CreateSessionHandler(_kit.Context, _sessions, _kit.Checks(), _tokens, _ids, _kit.Clock)
            .Handle(new CreateSessionCommand(new UserCheckInput("1", null), password, NoMetadata, null, null), CancellationToken.None);

    private Task<SessionTokenResult> Set()
    {
        var session = Session.Create(new SessionId(SessionIdValue), "hash-of-stored-token", "777", null, TestData.Created);
        session.CheckUser(new UserId("1"), TestData.OrgId, TestData.Created, "777");
        _sessions.GetAsync(new SessionId(SessionIdValue), Arg.Any<CancellationToken>()).Returns(session);
        return new SetSessionHandler(_kit.Context, _sessions, _kit.Checks(), _tokens, _kit.Clock)
            .Handle(new SetSessionCommand(SessionIdValue, null, SignInTestKit.Password, NoMetadata, null), CancellationToken.None);
    }

    private Task<PasswordCheckResult> CheckPassword() =>
        new CheckPasswordHandler(_kit.Context, _kit.Users, _kit.Checker())
            .Handle(new CheckPasswordCommand("alice", SignInTestKit.Password), CancellationToken.None);

    [Theory]
    [InlineData(-1, PasswordChangeReason.None)] // one second before max_age_days
    [InlineData(0, PasswordChangeReason.None)] // exactly max_age_days old: not yet
    [InlineData(1, PasswordChangeReason.Expired)] // one second after
    public async Task CheckPassword_reports_expiry_only_once_the_password_is_older_than_max_age_days(int secondsPastMaxAge, PasswordChangeReason expected)
    {
        StoreAlice();
        OrgPolicy(MaxAgeDays);
        _kit.Clock.Now = MaxAgeReached.AddSeconds(secondsPastMaxAge);

        var result = await CheckPassword();

        Assert.Equal(new PasswordCheckResult("1", expected != PasswordChangeReason.None) { PasswordChangeReason = expected }, result);
    }

    [Theory]
    [InlineData(-1, PasswordChangeReason.None)]
    [InlineData(0, PasswordChangeReason.None)]
    [InlineData(1, PasswordChangeReason.Expired)]
    public async Task CreateSession_signs_in_with_an_expired_password_and_says_why_a_change_is_required(int secondsPastMaxAge, PasswordChangeReason expected)
    {
        StoreAlice();
        OrgPolicy(MaxAgeDays);
        _kit.Clock.Now = MaxAgeReached.AddSeconds(secondsPastMaxAge);

        var result = await Create();

        Assert.Equal(expected, result.PasswordChangeReason);
        Assert.Equal(expected == PasswordChangeReason.Expired, result.PasswordChangeRequired);
        var session = Assert.Single(_added);
        Assert.Equal(_kit.Clock.Now, session.PasswordCheckedAt);

        // the stored flag is not touched: expiry is computed at each sign-in
        Assert.All(_kit.Loaded, u => Assert.False(u.PasswordChangeRequired));
        await _kit.UnitOfWork.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SetSession_with_an_expired_password_says_expired()
    {
        StoreAlice();
        OrgPolicy(MaxAgeDays);
        _kit.Clock.Now = MaxAgeReached.AddSeconds(1);

        var result = await Set();

        Assert.True(result.PasswordChangeRequired);
        Assert.Equal(PasswordChangeReason.Expired, result.PasswordChangeReason);
    }

    [Fact]
    public async Task The_stored_flag_comes_first_even_when_the_password_also_expired()
    {
        StoreAlice(changeRequired: true);
        OrgPolicy(MaxAgeDays);
        _kit.Clock.Now = MaxAgeReached.AddDays(1);

        var created = await Create();
        var check = await CheckPassword();

        Assert.Equal((true, PasswordChangeReason.SetByAdministrator), (created.PasswordChangeRequired, created.PasswordChangeReason));
        Assert.Equal((true, PasswordChangeReason.SetByAdministrator), (check.PasswordChangeRequired, check.PasswordChangeReason));
    }

    [Fact]
    public async Task The_instance_default_applies_to_an_org_without_its_own_and_the_orgs_own_overrides_it()
    {
        StoreAlice();
        _kit.DefaultPasswordAge = new PasswordAgePolicy(MaxAgeDays, 0);
        _kit.Clock.Now = MaxAgeReached.AddSeconds(1);

        Assert.Equal(PasswordChangeReason.Expired, (await CheckPassword()).PasswordChangeReason);

        OrgPolicy(0); // the org's own: never expires
        Assert.Equal(PasswordChangeReason.None, (await CheckPassword()).PasswordChangeReason);
    }

    [Fact]
    public async Task Without_a_policy_a_password_never_expires()
    {
        StoreAlice();
        _kit.Clock.Now = TestData.Created.AddYears(50);

        var result = await CheckPassword();

        Assert.Equal((false, PasswordChangeReason.None), (result.PasswordChangeRequired, result.PasswordChangeReason));
    }

    [Fact]
    public async Task A_user_check_without_a_password_says_nothing_about_the_password()
    {
        StoreAlice();
        OrgPolicy(MaxAgeDays);
        _kit.Clock.Now = MaxAgeReached.AddDays(1);

        var result = await Create(password: null);

        Assert.Equal((false, PasswordChangeReason.None), (result.PasswordChangeRequired, result.PasswordChangeReason));
    }

    [Fact]
    public async Task A_wrong_password_of_an_expired_user_is_still_COMMAND_3M0fs()
    {
        StoreAlice();
        OrgPolicy(MaxAgeDays);
        _kit.Clock.Now = MaxAgeReached.AddDays(1);

        var error = await Assert.ThrowsAsync<DomainException>(() => Create("Wrong-Horse-7"));

        Assert.Equal("COMMAND-3M0fs", error.Summary.Id);
        Assert.Empty(_added);
    }
}
