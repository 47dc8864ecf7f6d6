using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.AddPersonalAccessToken;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class AddPersonalAccessTokenHandlerTests
{
    private const string PlainToken = "pat_Plain-Secret-Token-123";
    private const string StoredHash = "sha256-of-the-token";

    private readonly IPersonalAccessTokenRepository _tokens = Substitute.For<IPersonalAccessTokenRepository>();
    private readonly ITokenService _tokenService = Substitute.For<ITokenService>();
    private readonly IIdGenerator _ids = Substitute.For<IIdGenerator>();
    private readonly RequestContext _context = TestData.Context(TestData.Org());
    private User _machine = TestData.Machine("2");

    public AddPersonalAccessTokenHandlerTests()
    {
        _tokenService.Generate().Returns((PlainToken, StoredHash));
        _ids.NewId().Returns("t-1");
    }

    private AddPersonalAccessTokenHandler Handler(IUserRepository? users = null) =>
        new(_context, users ?? TestData.Users(() => _machine, () => TestData.Human("1"), () => TestData.Machine("3", TestData.OtherOrgId)), _tokens, _tokenService, _ids, new FakeTimeProvider(TestData.Now));

    private Task<AddPersonalAccessTokenResult> Add(string userId = "2", DateTimeOffset? expires = null) =>
        Handler().Handle(new AddPersonalAccessTokenCommand(userId, expires), CancellationToken.None);

    [Fact]
    public async Task Human_user_gets_no_token_and_nothing_is_added()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Add("1"));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("USER-TokenMachineOnly", error.Summary.Id);
        _tokens.DidNotReceiveWithAnyArgs().Add(default!);
    }

    [Theory]
    [InlineData("3")] // a machine of another org
    [InlineData("404")]
    public async Task Foreign_or_absent_user_is_not_found_and_nothing_is_added(string userId)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Add(userId));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("USER-NotFound", error.Summary.Id);
        _tokens.DidNotReceiveWithAnyArgs().Add(default!);
    }

    [Fact]
    public async Task Removed_machine_is_not_found_and_nothing_is_added()
    {
        _machine = TestData.Machine("2").Reach(UserState.Removed);

        var error = await Assert.ThrowsAsync<DomainException>(() => Add());

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        _tokens.DidNotReceiveWithAnyArgs().Add(default!);
    }

    [Fact]
    public async Task Expiration_in_the_past_is_refused_and_nothing_is_added()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Add(expires: TestData.Now.AddSeconds(-1)));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("USER-TokenExpirationPast", error.Summary.Id);
        _tokens.DidNotReceiveWithAnyArgs().Add(default!);
        Assert.Equal(1, _machine.Sequence);
    }

    [Fact]
    public async Task Token_is_stored_only_as_its_hash_and_returned_once_in_plain()
    {
        PersonalAccessToken? stored = null;
        _tokens.Add(Arg.Do<PersonalAccessToken>(t => stored = t));
        var expires = TestData.Now.AddDays(30);

        var result = await Add(expires: expires);

        _tokens.Received(1).Add(Arg.Any<PersonalAccessToken>());
        _tokenService.Received(1).Generate();
        Assert.NotNull(stored);
        Assert.Equal(new TokenId("t-1"), stored.Id);
        Assert.Equal(new UserId("2"), stored.UserId);
        Assert.Equal(StoredHash, stored.TokenHash);
        Assert.NotEqual(PlainToken, stored.TokenHash);
        Assert.Equal(expires, stored.ExpiresAt);
        Assert.Equal(TestData.Now, stored.CreatedAt);

        Assert.Equal("t-1", result.TokenId);
        Assert.Equal(PlainToken, result.Token);
        Assert.Equal(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), result.Details);
    }

    [Fact]
    public async Task Event_records_the_token_id_but_neither_token_nor_hash()
    {
        await Add();

        var added = _machine.PendingEvents[^1];
        Assert.Equal("user.personal.access.token.added", added.Type);
        Assert.Equal(TestData.CallerId.Value, added.EditorId);
        Assert.Equal("t-1", added.Payload["tokenId"]);
        Assert.All(added.Payload.Values, v =>
        {
            var text = Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            Assert.DoesNotContain(PlainToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(StoredHash, text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Result_text_form_does_not_show_the_token()
    {
        var result = await Add();

        var text = result.ToString();

        Assert.DoesNotContain(PlainToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Plain-Secret", text, StringComparison.Ordinal);
        Assert.Contains("t-1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_needs_user_write()
    {
        Assert.Equal(Permissions.UserWrite, new AddPersonalAccessTokenCommand("2", null).Permission);
    }
}
