using Identity.Application.Abstractions;
using Identity.Application.Access;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class TokenAuthenticatorTests
{
    private const string Token = "pat-token";
    private const string TokenHash = "pat-token-hash";

    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly IPersonalAccessTokenRepository _accessTokens = Substitute.For<IPersonalAccessTokenRepository>();
    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private User _machine = TestData.Machine("2");

    public TokenAuthenticatorTests()
    {
        _tokens.HashOf(Token).Returns(TokenHash);
    }

    private IUserRepository Users() => TestData.Users(() => _machine);

    private void StoreToken(DateTimeOffset? expiresAt, string userId = "2") =>
        _accessTokens.FindByHashAsync(TokenHash, Arg.Any<CancellationToken>())
            .Returns(new PersonalAccessToken(new TokenId("t1"), new UserId(userId), TokenHash, expiresAt, TestData.Created));

    private Task<Caller?> Authenticate(string? token, IUserRepository? users = null) =>
        new TokenAuthenticator(_tokens, _accessTokens, users ?? Users(), _clock).AuthenticateAsync(token, CancellationToken.None);

    [Fact]
    public async Task Valid_token_of_an_active_user_names_the_caller()
    {
        StoreToken(TestData.Now.AddDays(1));

        var caller = await Authenticate(Token);

        Assert.Equal(new Caller(new UserId("2"), TestData.OrgId), caller);
    }

    [Fact]
    public async Task Token_without_expiry_is_valid()
    {
        StoreToken(null);

        Assert.NotNull(await Authenticate(Token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Missing_token_is_refused_without_any_lookup(string? token)
    {
        var users = Users();

        Assert.Null(await Authenticate(token, users));

        _tokens.DidNotReceiveWithAnyArgs().HashOf(default!);
        await _accessTokens.DidNotReceiveWithAnyArgs().FindByHashAsync(default!, default);
        await users.DidNotReceiveWithAnyArgs().FindAsync(default, default);
    }

    [Fact]
    public async Task Token_that_cannot_be_ours_is_refused_without_touching_the_repository()
    {
        _tokens.HashOf("garbage").Returns((string?)null);
        var users = Users();

        Assert.Null(await Authenticate("garbage", users));

        await _accessTokens.DidNotReceiveWithAnyArgs().FindByHashAsync(default!, default);
        await users.DidNotReceiveWithAnyArgs().FindAsync(default, default);
    }

    [Fact]
    public async Task Unknown_token_is_refused()
    {
        var users = Users();

        Assert.Null(await Authenticate(Token, users));

        await _accessTokens.Received(1).FindByHashAsync(TokenHash, Arg.Any<CancellationToken>());
        await users.DidNotReceiveWithAnyArgs().FindAsync(default, default);
    }

    [Theory]
    [InlineData(0)] // expires right now
    [InlineData(-1)]
    [InlineData(-86400)]
    public async Task Expired_token_is_refused(int secondsFromNow)
    {
        StoreToken(TestData.Now.AddSeconds(secondsFromNow));
        var users = Users();

        Assert.Null(await Authenticate(Token, users));

        await users.DidNotReceiveWithAnyArgs().FindAsync(default, default);
    }

    [Fact]
    public async Task Token_expires_by_the_clock()
    {
        StoreToken(TestData.Now.AddMinutes(1));
        Assert.NotNull(await Authenticate(Token));

        _clock.Now = TestData.Now.AddMinutes(2);

        Assert.Null(await Authenticate(Token));
    }

    [Theory]
    [InlineData(UserState.Inactive)]
    [InlineData(UserState.Locked)]
    [InlineData(UserState.Removed)]
    [InlineData(UserState.Initial)]
    public async Task Token_of_a_user_that_cannot_act_is_refused(UserState state)
    {
        StoreToken(null);
        // a machine reaches every state but Initial through its own methods; Initial only by force
        _machine = state == UserState.Initial ? TestData.Machine("2").WithState(state) : TestData.Machine("2").Reach(state);

        Assert.Null(await Authenticate(Token));
    }

    [Fact]
    public async Task Token_of_a_missing_user_is_refused()
    {
        StoreToken(null, userId: "404");

        Assert.Null(await Authenticate(Token));
    }
}
