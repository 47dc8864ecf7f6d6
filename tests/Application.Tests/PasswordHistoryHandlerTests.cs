using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Tests.Sessions;
using Identity.Application.Users.SetInitialPassword;
using Identity.Application.Users.SetPassword;
using Identity.Application.Users.SetPasswordV2;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>
/// The password history on every handler that sets a password: the rule gets the instance depth from
/// <see cref="PasswordRules"/> and compares through the hasher port's verification (never a stored plaintext).
/// </summary>
public class PasswordHistoryHandlerTests
{
    private const string P1 = "First-Meadow-11!";
    private const string P2 = "Second-River-22!";
    private const string P3 = "Third-Forest-33!";

    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private readonly Identity.Domain.Organizations.Organization _org = TestData.Org();
    private readonly RequestContext _context;
    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly IPasswordCheckFailures _failures = Substitute.For<IPasswordCheckFailures>();

    public PasswordHistoryHandlerTests()
    {
        _context = TestData.Context(_org);
        _hasher.Hash(Arg.Any<string>()).Returns(ci => "H:" + ci.Arg<string>());
        _hasher.Verify(Arg.Any<string>(), Arg.Any<string>())
            .Returns(ci => ci.ArgAt<string>(0) == "H:" + ci.ArgAt<string>(1) ? PasswordVerification.Success : PasswordVerification.Failed);
    }

    private PasswordRules Rules(int depth) =>
        TestData.Rules(settings: TestData.Settings(personal: false) with { HistoryDepth = depth }, hasher: _hasher);

    /// <summary>A user whose passwords were, in order, <paramref name="passwords"/> (set under the same rules).</summary>
    private User Stored(int depth, params string[] passwords)
    {
        var user = TestData.Human();
        foreach (var password in passwords)
        {
            user.SetPassword(password, false, PasswordSetter.User, Rules(depth).For(_org), p => "H:" + p.Value, TestData.Created, user.Id.Value);
        }

        user.ClearPendingEvents();
        _users.GetAsync(user.OrgId, user.Id, Arg.Any<CancellationToken>()).Returns(user);
        _hasher.ClearReceivedCalls();
        return user;
    }

    private SetInitialPasswordHandler Initial(int depth) => new(_context, _users, Rules(depth), new RequestPasswordHasher(_hasher), _clock);

    private SetPasswordHandler V1(int depth) => new(_context, _users, _failures, Rules(depth), new RequestPasswordHasher(_hasher), _clock);

    private SetPasswordV2Handler V2(int depth) => new(
        _context, _users, new SignInTestKit().Checker(), _failures, Rules(depth), new RequestPasswordHasher(_hasher), new FakeResetCodes(), Substitute.For<IUnitOfWork>(), _clock);

    private static async Task AssertReusedAsync(Func<Task> call, User user, string expectedHash)
    {
        var sequence = user.Sequence;
        var error = await Assert.ThrowsAsync<DomainException>(call);
        Assert.Equal(Errors.Policy.PasswordReusedId, error.Summary.Id);
        Assert.Equal(Errors.Policy.MinLength.Kind, error.Kind);
        Assert.DoesNotContain("H:", error.Message, StringComparison.Ordinal);
        Assert.Equal(expectedHash, user.PasswordHash);
        Assert.Equal(sequence, user.Sequence);
    }

    [Fact]
    public async Task SetHumanInitialPassword_refuses_the_current_password_verified_through_the_hasher_port_without_hashing_it()
    {
        var user = Stored(5, P1);

        await AssertReusedAsync(() => Initial(5).Handle(new SetInitialPasswordCommand("1", P1), default), user, "H:" + P1);

        _hasher.Received(1).Verify("H:" + P1, P1);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task SetHumanPassword_refuses_an_older_password_and_accepts_a_new_one_keeping_the_old_hash()
    {
        var user = Stored(3, P1, P2);

        await AssertReusedAsync(() => V1(3).Handle(new SetPasswordCommand("1", P1, NoChangeRequired: true), default), user, "H:" + P2);
        await V1(3).Handle(new SetPasswordCommand("1", P3, NoChangeRequired: true), default);

        Assert.Equal("H:" + P3, user.PasswordHash);
        Assert.Equal(["H:" + P2, "H:" + P1], user.PasswordHistory.OrderByDescending(e => e.Number).Select(e => e.Hash));
    }

    [Fact]
    public async Task V2_SetPassword_by_an_administrator_refuses_the_current_password()
    {
        var user = Stored(5, P1, P2);

        await AssertReusedAsync(() => V2(5).Handle(new SetPasswordV2Command("1", P2, true, null, null), default), user, "H:" + P2);
        await AssertReusedAsync(() => V2(5).Handle(new SetPasswordV2Command("1", P1, true, null, null), default), user, "H:" + P2);
    }

    [Fact]
    public async Task Depth_zero_allows_the_current_password_again_without_any_verification()
    {
        var user = Stored(0, P1);

        await V1(0).Handle(new SetPasswordCommand("1", P1, NoChangeRequired: true), default);

        Assert.Equal("H:" + P1, user.PasswordHash);
        _hasher.DidNotReceiveWithAnyArgs().Verify(default!, default!);
        Assert.Empty(user.PasswordHistory);
    }

    [Fact]
    public void The_rules_carry_the_configured_depth_and_the_initial_password_lifetime()
    {
        var rules = TestData.Rules(settings: TestData.Settings() with { HistoryDepth = 7, InitialPasswordLifetime = TimeSpan.FromDays(3) }, hasher: _hasher);

        var policy = rules.For(_org);

        Assert.Equal(7, policy.History.Depth);
        Assert.Equal(TimeSpan.FromDays(3), policy.InitialPasswordLifetime);
        var normalized = new PasswordPolicy(PasswordComplexityPolicy.Default, null, false).Validate("Abcdef-1x", []);
        Assert.True(policy.History.Matches("H:Abcdef-1x", normalized));
        Assert.False(policy.History.Matches("H:other", normalized));
        Assert.Equal(0, TestData.Rules(hasher: _hasher).For(_org).History.Depth);
    }
}
