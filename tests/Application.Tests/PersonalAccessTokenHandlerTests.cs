using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users;
using Identity.Application.Users.GetPersonalAccessTokenByIDs;
using Identity.Application.Users.ListPersonalAccessTokens;
using Identity.Application.Users.RemovePersonalAccessToken;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class PersonalAccessTokenHandlerTests
{
    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private readonly RequestContext _context = TestData.Context(TestData.Org());
    private readonly IPersonalAccessTokenRepository _tokens = Substitute.For<IPersonalAccessTokenRepository>();
    private readonly User _machine = TestData.Machine("2");
    private readonly PersonalAccessToken _token;

    public PersonalAccessTokenHandlerTests()
    {
        _token = _machine.AddPersonalAccessToken(new TokenId("t1"), new string('a', 64), TestData.Now.AddDays(1), TestData.Created, "x");
        _machine.ClearPendingEvents();
        _tokens.GetAsync(_machine.Id, _token.Id, Arg.Any<CancellationToken>()).Returns(_token);
    }

    [Theory]
    [InlineData(0u, 1000)]
    [InlineData(5u, 5)]
    public async Task List_pages_the_users_tokens_with_the_total(uint limit, int expectedLimit)
    {
        _tokens.ListOfUserAsync(_machine.Id, 3, expectedLimit, true, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<(IReadOnlyList<PersonalAccessToken>, long)>(([_token], 4)));

        var list = await new ListPersonalAccessTokensHandler(_context, TestData.Users(() => _machine), _tokens, _clock)
            .Handle(new ListPersonalAccessTokensQuery("2", 3, limit, true), CancellationToken.None);

        Assert.Equal(4, list.TotalResult);
        Assert.Equal(TestData.Now, list.ViewTimestamp);
        Assert.Equal(_machine.Sequence, list.ProcessedSequence);
        var item = Assert.Single(list.Result);
        Assert.Equal(new PersonalAccessTokenDto("t1", new ObjectDetailsDto(2, TestData.Created, TestData.Created, TestData.OrgId.Value), TestData.Now.AddDays(1), []), item with { Scopes = [] });
    }

    [Fact]
    public async Task Get_answers_the_token_and_an_unknown_token_is_not_found()
    {
        var handler = new GetPersonalAccessTokenByIDsHandler(_context, TestData.Users(() => _machine), _tokens);

        var found = await handler.Handle(new GetPersonalAccessTokenByIDsQuery("2", "t1"), CancellationToken.None);
        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new GetPersonalAccessTokenByIDsQuery("2", "t2"), CancellationToken.None));

        Assert.Equal("t1", found.Id);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal(Errors.User.TokenNotFoundId, error.Summary.Id);
    }

    [Fact]
    public async Task Tokens_of_a_user_of_another_org_are_not_found()
    {
        var foreign = TestData.Machine("2", TestData.OtherOrgId);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            new GetPersonalAccessTokenByIDsHandler(_context, TestData.Users(() => foreign), _tokens).Handle(new GetPersonalAccessTokenByIDsQuery("2", "t1"), CancellationToken.None));

        Assert.Equal("USER-NotFound", error.Summary.Id);
        await _tokens.DidNotReceive().GetAsync(Arg.Any<UserId>(), Arg.Any<TokenId>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Remove_deletes_the_token_and_records_it_without_the_secret()
    {
        var sequence = _machine.Sequence;

        var details = await new RemovePersonalAccessTokenHandler(_context, TestData.Users(() => _machine), _tokens, _clock)
            .Handle(new RemovePersonalAccessTokenCommand("2", "t1"), CancellationToken.None);

        _tokens.Received(1).Remove(_token);
        Assert.Equal(sequence + 1, details.Sequence);
        var raised = Assert.Single(_machine.PendingEvents);
        Assert.Equal("user.personal.access.token.removed", raised.Type);
        Assert.Equal("t1", raised.Payload["tokenId"]);
        Assert.DoesNotContain(raised.Payload.Values, v => v is string s && s.Contains(_token.TokenHash, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Removing_an_unknown_token_changes_nothing()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            new RemovePersonalAccessTokenHandler(_context, TestData.Users(() => _machine), _tokens, _clock).Handle(new RemovePersonalAccessTokenCommand("2", "nope"), CancellationToken.None));

        Assert.Equal(Errors.User.TokenNotFoundId, error.Summary.Id);
        Assert.Empty(_machine.PendingEvents);
        _tokens.DidNotReceive().Remove(Arg.Any<PersonalAccessToken>());
    }

    [Theory]
    [InlineData(1001u, "QUERY-4M0fs")]
    [InlineData(1000u, null)]
    public void List_limit_above_1000_is_refused_with_zitadels_id(uint limit, string? id)
    {
        var result = new ListPersonalAccessTokensValidator().Validate(new ListPersonalAccessTokensQuery("2", 0, limit, false));

        Assert.Equal(id is null ? [] : [id], result.Errors.Select(e => e.ErrorCode));
    }

    [Fact]
    public void Remove_targets_the_user_and_reads_need_user_read()
    {
        Assert.Equal("2", new RemovePersonalAccessTokenCommand("2", "t1").TargetUserId);
        Assert.Equal("user.write", new RemovePersonalAccessTokenCommand("2", "t1").Permission);
        Assert.Equal("user.read", new ListPersonalAccessTokensQuery("2", 0, 0, false).Permission);
        Assert.Equal("user.read", new GetPersonalAccessTokenByIDsQuery("2", "t1").Permission);
    }
}
