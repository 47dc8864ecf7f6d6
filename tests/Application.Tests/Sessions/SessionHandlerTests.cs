using System.Text;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Sessions;
using Identity.Application.Sessions.CheckPassword;
using Identity.Application.Sessions.CreateSession;
using Identity.Application.Sessions.DeleteSession;
using Identity.Application.Sessions.GetSession;
using Identity.Application.Sessions.ListSessions;
using Identity.Application.Sessions.SetSession;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Sessions;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests.Sessions;

public class SessionHandlerTests
{
    private const string SessionIdValue = "5000";
    private static readonly Dictionary<string, byte[]> NoMetadata = new(StringComparer.Ordinal);

    private readonly SignInTestKit _kit = new();
    private readonly ISessionRepository _sessions = Substitute.For<ISessionRepository>();
    private readonly IMembershipRepository _memberships = Substitute.For<IMembershipRepository>();
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly IIdGenerator _ids = Substitute.For<IIdGenerator>();
    private readonly List<Session> _added = [];
    private int _issued;

    public SessionHandlerTests()
    {
        _tokens.Generate().Returns(_ =>
        {
            var token = "token-" + ++_issued;
            return (token, "hash-of-" + token);
        });
        _tokens.HashOf(Arg.Any<string>()).Returns(ci => "hash-of-" + ci.Arg<string>());
        _ids.NewId().Returns(SessionIdValue);
        _sessions.When(s => s.Add(Arg.Any<Session>())).Do(ci => _added.Add(ci.Arg<Session>()));
        _memberships.GetRolesAsync(Arg.Any<UserId>(), Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<string>>([]));
        _kit.Users.FindManyAsync(Arg.Any<IReadOnlyCollection<UserId>>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult<IReadOnlyList<User>>(
                _kit.Stored is { } load && ci.Arg<IReadOnlyCollection<UserId>>().Contains(load().Id) ? [load()] : []));
    }

    private static string PrimaryDomain => TestData.Org().PrimaryDomain;

    private Task<SessionTokenResult> Create(UserCheckInput? user, string? password = null, IReadOnlyList<string>? unsupported = null, TimeSpan? lifetime = null) =>
        new CreateSessionHandler(_kit.Context, _sessions, _kit.Checks(), _tokens, _ids, _kit.Clock)
            .Handle(new CreateSessionCommand(user, password, NoMetadata, null, lifetime) { UnsupportedChecks = unsupported ?? [] }, CancellationToken.None);

    private Task<SessionTokenResult> Set(UserCheckInput? user, string? password, IReadOnlyDictionary<string, byte[]>? metadata = null) =>
        new SetSessionHandler(_kit.Context, _sessions, _kit.Checks(), _tokens, _kit.Clock)
            .Handle(new SetSessionCommand(SessionIdValue, user, password, metadata ?? NoMetadata, null), CancellationToken.None);

    private Task<SessionDto> Get(string? token = null) =>
        new GetSessionHandler(_kit.Context, _sessions, _memberships, _tokens, new SessionReader(_kit.Users, _kit.Organizations), _kit.Clock)
            .Handle(new GetSessionQuery(SessionIdValue, token), CancellationToken.None);

    private Task<ObjectDetailsDto> Delete(string? token = null) =>
        new DeleteSessionHandler(_kit.Context, _sessions, _memberships, _tokens, _kit.Clock)
            .Handle(new DeleteSessionCommand(SessionIdValue, token), CancellationToken.None);

    private Task<ListSessionsResult> List(ListSessionsQuery query) =>
        new ListSessionsHandler(_kit.Context, _sessions, _memberships, new SessionReader(_kit.Users, _kit.Organizations), _kit.Clock)
            .Handle(query, CancellationToken.None);

    private Task<PasswordCheckResult> CheckPassword(string loginName, string password = SignInTestKit.Password) =>
        new CheckPasswordHandler(_kit.Context, _kit.Users, _kit.Checker())
            .Handle(new CheckPasswordCommand(loginName, password), CancellationToken.None);

    /// <summary>Alice (id 1, a password, change required), stored and findable by id and by login name.</summary>
    private User StoreAlice(bool changeRequired = true, UserState state = UserState.Active)
    {
        _kit.Stored = () => SignInTestKit.HumanWithPassword(changeRequired: changeRequired).Reach(state);
        _kit.Users.FindByLoginNameAsync(PrimaryDomain, "ALICE", Arg.Any<CancellationToken>())
            .Returns(_ => Task.FromResult<User?>(_kit.Stored!()));
        return _kit.Stored();
    }

    /// <summary>A stored session created by <paramref name="creator"/>, token "stored-token", optionally checked for Alice.</summary>
    private Session StoreSession(string creator = "777", bool withUser = true, TimeSpan? lifetime = null)
    {
        var session = Session.Create(new SessionId(SessionIdValue), "hash-of-stored-token", creator, null, TestData.Created);
        if (withUser)
        {
            session.CheckUser(new UserId("1"), TestData.OrgId, TestData.Created, creator);
        }

        if (lifetime is { } l)
        {
            session.SetLifetime(l, TestData.Created, creator);
        }

        session.ClearPendingEvents();
        _sessions.GetAsync(new SessionId(SessionIdValue), Arg.Any<CancellationToken>()).Returns(session);
        return session;
    }

    private void CallerIs(string userId, params string[] instanceRoles)
    {
        _kit.Context.Caller = new Caller(new UserId(userId), TestData.OtherOrgId);
        _memberships.GetRolesAsync(new UserId(userId), Arg.Is<IReadOnlyCollection<string>>(s => s.Contains(Membership.InstanceScope)), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<string>>(instanceRoles));
    }

    // ---- CreateSession -------------------------------------------------------------------------

    [Fact]
    public async Task Create_refuses_an_unsupported_check_before_anything_else()
    {
        StoreAlice();

        var error = await Assert.ThrowsAsync<DomainException>(() => Create(new UserCheckInput("1", null), SignInTestKit.Password, ["checks.totp", "challenges.web_auth_n"]));

        Assert.Equal("SESSION-CheckUnsupported", error.Summary.Id);
        Assert.Equal(ErrorKind.Unimplemented, error.Kind);
        Assert.Contains("checks.totp", error.Summary.Message, StringComparison.Ordinal);
        Assert.Contains("challenges.web_auth_n", error.Summary.Message, StringComparison.Ordinal);
        _tokens.DidNotReceive().Generate();
        _ids.DidNotReceive().NewId();
        await _kit.Users.DidNotReceiveWithAnyArgs().FindAsync(default!, default);
        Assert.Empty(_kit.Hasher.Calls);
        Assert.Empty(_added);
    }

    [Theory]
    [InlineData("404", null)]
    [InlineData(null, "nobody@acme.acme.localhost")]
    [InlineData(null, "not-a-login-name")]
    public async Task Create_with_only_a_user_check_of_an_unknown_user_is_QUERY_Dfbg2_without_hashing(string? userId, string? loginName)
    {
        StoreAlice();

        var error = await Assert.ThrowsAsync<DomainException>(() => Create(new UserCheckInput(userId, loginName)));

        Assert.Equal("QUERY-Dfbg2", error.Summary.Id);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Empty(_kit.Hasher.Calls);
        _kit.Throttle.DidNotReceiveWithAnyArgs().EnsureAllowed(default!, default);
        Assert.Empty(_added);
    }

    [Fact]
    public async Task Create_with_only_a_user_check_of_a_machine_or_a_user_of_a_removed_org_is_QUERY_Dfbg2()
    {
        _kit.Stored = () => TestData.Machine("1");
        Assert.Equal("QUERY-Dfbg2", (await Assert.ThrowsAsync<DomainException>(() => Create(new UserCheckInput("1", null)))).Summary.Id);

        StoreAlice();
        _kit.Org.WithState(OrgState.Removed);
        Assert.Equal("QUERY-Dfbg2", (await Assert.ThrowsAsync<DomainException>(() => Create(new UserCheckInput("1", null)))).Summary.Id);
        Assert.Empty(_added);
    }

    [Fact]
    public async Task Create_with_a_user_check_only_adds_a_session_for_the_user_without_the_change_flag()
    {
        StoreAlice(changeRequired: true);

        var result = await Create(new UserCheckInput("1", null));

        var session = Assert.Single(_added);
        Assert.Equal(SessionIdValue, result.SessionId);
        Assert.Equal("token-1", result.SessionToken);
        Assert.True(session.TokenMatches("hash-of-token-1"));
        Assert.Equal(new UserId("1"), session.UserId);
        Assert.Null(session.PasswordCheckedAt);
        Assert.False(result.PasswordChangeRequired);
        Assert.Equal(TestData.CallerId.Value, session.CreatorId);
        Assert.Equal(new ObjectDetailsDto(2, TestData.Now, TestData.Now, TestData.OrgId.Value), result.Details);
        Assert.Empty(_kit.Hasher.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Create_with_a_password_check_tells_whether_the_password_must_be_changed(bool changeRequired)
    {
        StoreAlice(changeRequired);

        _kit.Failures.CountAsync(new UserId("1"), Arg.Any<CancellationToken>()).Returns(1L);
        var result = await Create(new UserCheckInput(null, "Alice@ACME.acme.localhost"), SignInTestKit.Password);

        Assert.Equal(changeRequired, result.PasswordChangeRequired);
        var session = Assert.Single(_added);
        Assert.Equal(TestData.Now, session.PasswordCheckedAt);
        Assert.Equal(["session.added", "session.user.checked", "session.password.checked"], session.PendingEvents.Select(e => e.Type));
        await _kit.Failures.Received(1).ResetAsync(new UserId("1"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Create_with_a_wrong_password_is_COMMAND_3M0fs_and_adds_no_session()
    {
        StoreAlice();

        var error = await Assert.ThrowsAsync<DomainException>(() => Create(new UserCheckInput("1", null), "Wrong-Horse-7"));

        Assert.Equal("COMMAND-3M0fs", error.Summary.Id);
        Assert.Empty(_added);
    }

    [Fact]
    public async Task Create_with_a_password_for_an_unknown_user_is_COMMAND_3M0fs_after_the_dummy_hash()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Create(new UserCheckInput("404", null), SignInTestKit.Password));

        Assert.Equal("COMMAND-3M0fs", error.Summary.Id);
        Assert.Contains("verify " + SignInTestKit.DummyHash, _kit.Hasher.Calls);
        _kit.Throttle.Received(1).RecordFailure("id:404", SignInTestKit.Source);
        Assert.Empty(_added);
    }

    [Fact]
    public async Task Create_with_a_password_but_no_user_check_is_SESSION_UserCheckRequired()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Create(null, SignInTestKit.Password));

        Assert.Equal("SESSION-UserCheckRequired", error.Summary.Id);
        Assert.Empty(_kit.Hasher.Calls);
    }

    // ---- SetSession ----------------------------------------------------------------------------

    [Fact]
    public async Task Set_of_an_unknown_session_is_SESSION_NotFound()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Set(null, SignInTestKit.Password));

        Assert.Equal("SESSION-NotFound", error.Summary.Id);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Empty(_kit.Hasher.Calls);
    }

    [Fact]
    public async Task Set_of_an_expired_session_is_SESSION_NotFound()
    {
        StoreAlice();
        StoreSession(lifetime: TestData.Now - TestData.Created);

        var error = await Assert.ThrowsAsync<DomainException>(() => Set(null, SignInTestKit.Password));

        Assert.Equal("SESSION-NotFound", error.Summary.Id);
        Assert.Empty(_kit.Hasher.Calls);
    }

    [Fact]
    public async Task Set_adds_a_password_check_and_issues_a_new_token_that_replaces_the_old_one()
    {
        StoreAlice(changeRequired: true);
        var session = StoreSession();

        var result = await Set(null, SignInTestKit.Password);

        Assert.Equal("token-1", result.SessionToken);
        Assert.True(result.PasswordChangeRequired);
        Assert.False(session.TokenMatches("hash-of-stored-token"));
        Assert.True(session.TokenMatches("hash-of-token-1"));
        Assert.Equal(TestData.Now, session.PasswordCheckedAt);
        Assert.Equal(["session.password.checked", "session.token.renewed"], session.PendingEvents.Select(e => e.Type));
        _kit.Throttle.Received(1).EnsureAllowed("user:1", SignInTestKit.Source);
    }

    [Fact]
    public async Task Set_with_metadata_only_still_renews_the_token()
    {
        StoreSession();

        var result = await Set(null, null, new Dictionary<string, byte[]> { ["k"] = Encoding.UTF8.GetBytes("v") });

        Assert.Equal("token-1", result.SessionToken);
        Assert.False(result.PasswordChangeRequired);
    }

    [Fact]
    public async Task Set_with_a_password_on_a_session_without_a_user_is_SESSION_UserCheckRequired()
    {
        StoreSession(withUser: false);

        var error = await Assert.ThrowsAsync<DomainException>(() => Set(null, SignInTestKit.Password));

        Assert.Equal("SESSION-UserCheckRequired", error.Summary.Id);
    }

    [Fact]
    public async Task Set_with_a_user_check_of_another_user_is_SESSION_UserChanged()
    {
        StoreAlice();
        StoreSession();
        _kit.Users.FindAsync(new UserId("2"), Arg.Any<CancellationToken>()).Returns(SignInTestKit.HumanWithPassword("2", userName: "bob"));

        var error = await Assert.ThrowsAsync<DomainException>(() => Set(new UserCheckInput("2", null), null));

        Assert.Equal("SESSION-UserChanged", error.Summary.Id);
    }

    [Fact]
    public async Task Set_with_a_wrong_password_keeps_the_old_token()
    {
        StoreAlice();
        var session = StoreSession();

        await Assert.ThrowsAsync<DomainException>(() => Set(null, "Wrong-Horse-7"));

        Assert.True(session.TokenMatches("hash-of-stored-token"));
        Assert.Null(session.PasswordCheckedAt);
    }

    // ---- Get / Delete visibility ---------------------------------------------------------------

    [Fact]
    public async Task Get_with_the_session_token_shows_the_session_to_anyone()
    {
        StoreAlice();
        StoreSession();
        CallerIs("555");

        var dto = await Get("stored-token");

        Assert.Equal(SessionIdValue, dto.Id);
        Assert.Equal("1", dto.User!.Id);
        Assert.Equal("alice@" + PrimaryDomain, dto.User.LoginName);
        Assert.Equal("Alice Wonder", dto.User.DisplayName);
        await _memberships.DidNotReceiveWithAnyArgs().GetRolesAsync(default!, default!, default);
    }

    public static TheoryData<string, string[]> Visible => new()
    {
        { "777", Array.Empty<string>() }, // the creator
        { "1", Array.Empty<string>() }, // the session's user
        { "555", [Roles.IamOwner] }, // session.read / session.delete at instance level
        { SystemEditor.Prefix + "shop", Array.Empty<string>() }, // the system
    };

    [Theory]
    [MemberData(nameof(Visible))]
    public async Task Get_and_Delete_without_a_token_for_the_creator_the_user_an_instance_reader_and_the_system(string caller, string[] roles)
    {
        StoreAlice();
        var session = StoreSession(creator: "777");
        CallerIs(caller, roles);

        Assert.Equal(SessionIdValue, (await Get()).Id);
        var details = await Delete();

        Assert.Equal(TestData.OrgId.Value, details.ResourceOwner);
        var terminated = Assert.IsType<SessionTerminated>(Assert.Single(session.PendingEvents));
        Assert.Equal(caller, terminated.EditorId);
        _sessions.Received(1).Remove(session);
    }

    public static TheoryData<string?, string[]> Hidden => new()
    {
        { null, Array.Empty<string>() },
        { "wrong-token", Array.Empty<string>() },
        { null, [Roles.OrgOwner] }, // ORG_OWNER grants no session permission
        { null, [Roles.OrgUserManager, Roles.OrgOwnerViewer] },
    };

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task Get_and_Delete_for_anyone_else_are_SESSION_NotFound(string? token, string[] roles)
    {
        StoreAlice();
        var session = StoreSession(creator: "777");
        CallerIs("555");
        _memberships.GetRolesAsync(new UserId("555"), Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<string>>(roles));

        Assert.Equal("SESSION-NotFound", (await Assert.ThrowsAsync<DomainException>(() => Get(token))).Summary.Id);
        Assert.Equal("SESSION-NotFound", (await Assert.ThrowsAsync<DomainException>(() => Delete(token))).Summary.Id);

        Assert.Empty(session.PendingEvents);
        _sessions.DidNotReceiveWithAnyArgs().Remove(default!);
        await _memberships.Received().GetRolesAsync(
            new UserId("555"),
            Arg.Is<IReadOnlyCollection<string>>(s => s.Count == 2 && s.Contains(Membership.InstanceScope) && s.Contains(TestData.OrgId.Value)),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Get_and_Delete_of_an_expired_session_are_SESSION_NotFound_even_with_its_token()
    {
        StoreSession(lifetime: TimeSpan.FromMinutes(1));
        CallerIs(SystemEditor.Prefix + "shop");

        Assert.Equal("SESSION-NotFound", (await Assert.ThrowsAsync<DomainException>(() => Get("stored-token"))).Summary.Id);
        Assert.Equal("SESSION-NotFound", (await Assert.ThrowsAsync<DomainException>(() => Delete("stored-token"))).Summary.Id);
    }

    [Fact]
    public async Task A_session_without_a_user_is_asked_about_at_instance_level_only()
    {
        StoreSession(creator: "777", withUser: false);
        CallerIs("555");

        await Assert.ThrowsAsync<DomainException>(() => Get());

        await _memberships.Received(1).GetRolesAsync(
            new UserId("555"), Arg.Is<IReadOnlyCollection<string>>(s => s.Count == 1 && s.Contains(Membership.InstanceScope)), Arg.Any<CancellationToken>());
    }

    // ---- ListSessions --------------------------------------------------------------------------

    private (IReadOnlyCollection<SessionId>? Ids, UserId? User, string? VisibleTo, long Offset, int Limit, bool Asc)? ListedWith()
    {
        var call = _sessions.ReceivedCalls().SingleOrDefault(c => c.GetMethodInfo().Name == nameof(ISessionRepository.ListAsync));
        if (call is null)
        {
            return null;
        }

        var a = call.GetArguments();
        return ((IReadOnlyCollection<SessionId>?)a[0], (UserId?)a[1], (string?)a[2], (long)a[4]!, (int)a[5]!, (bool)a[6]!);
    }

    private void ListAnswers(params Session[] page) =>
        _sessions.ListAsync(default, default, default, default, default, default, default, default)
            .ReturnsForAnyArgs(Task.FromResult<(IReadOnlyList<Session>, long)>((page, 42)));

    private static ListSessionsQuery Query(IReadOnlyList<IReadOnlyList<string>>? ids = null, IReadOnlyList<string>? users = null, uint limit = 0, ulong offset = 0, bool asc = false) =>
        new(offset, limit, asc, ids ?? [], users ?? []);

    [Fact]
    public async Task List_for_an_ordinary_caller_shows_only_what_it_created_or_is_the_user_of()
    {
        CallerIs("555");
        ListAnswers();

        var result = await List(Query());

        Assert.Equal("555", ListedWith()!.Value.VisibleTo);
        Assert.Equal(42, result.TotalResult);
        Assert.Equal(TestData.Now, result.Timestamp);
    }

    [Theory]
    [InlineData("555", true)]
    [InlineData("system:shop", false)]
    public async Task List_for_an_instance_reader_or_the_system_shows_every_session(string caller, bool iamOwner)
    {
        CallerIs(caller, iamOwner ? [Roles.IamOwner] : []);
        ListAnswers();

        await List(Query());

        Assert.Null(ListedWith()!.Value.VisibleTo);
    }

    [Fact]
    public async Task List_limit_0_means_the_default_of_100_and_offset_and_order_pass_through()
    {
        ListAnswers();

        await List(Query(limit: 0, offset: 7, asc: true));

        var listed = ListedWith()!.Value;
        Assert.Equal(100, listed.Limit);
        Assert.Equal(7, listed.Offset);
        Assert.True(listed.Asc);
        Assert.Null(listed.Ids);
        Assert.Null(listed.User);
    }

    [Fact]
    public async Task List_with_a_limit_passes_it()
    {
        ListAnswers();

        await List(Query(limit: 3));

        Assert.Equal(3, ListedWith()!.Value.Limit);
    }

    [Fact]
    public async Task List_ids_queries_are_intersected()
    {
        ListAnswers();

        await List(Query(ids: [["a", "b", "c"], ["b", "c", "d"], ["c", "b"]]));

        Assert.Equal(["b", "c"], ListedWith()!.Value.Ids!.Select(i => i.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_ids_queries_without_a_common_id_match_nothing_without_asking_the_store()
    {
        var result = await List(Query(ids: [["a"], ["b"]]));

        Assert.Equal(0, result.TotalResult);
        Assert.Empty(result.Sessions);
        Assert.Null(ListedWith());
    }

    [Fact]
    public async Task List_two_different_user_ids_match_nothing_and_the_same_one_twice_is_one_filter()
    {
        var none = await List(Query(users: ["1", "2"]));
        Assert.Equal(0, none.TotalResult);
        Assert.Null(ListedWith());

        ListAnswers();
        await List(Query(users: ["1", "1"]));
        Assert.Equal(new UserId("1"), ListedWith()!.Value.User);
    }

    [Fact]
    public async Task List_refuses_unsupported_queries()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => List(Query() with { UnsupportedQueries = ["creation_date_query"] }));

        Assert.Equal("SESSION-CheckUnsupported", error.Summary.Id);
        Assert.Null(ListedWith());
    }

    [Fact]
    public async Task List_shows_the_sessions_with_their_users()
    {
        StoreAlice();
        ListAnswers(StoreSession());

        var result = await List(Query());

        var dto = Assert.Single(result.Sessions);
        Assert.Equal("alice@" + PrimaryDomain, dto.User!.LoginName);
    }

    // ---- CheckPassword (the facade) ------------------------------------------------------------

    [Theory]
    [InlineData("alice")]
    [InlineData(" ALICE ")]
    [InlineData("alice@acme.acme.localhost")]
    [InlineData("Alice@ACME.acme.localhost")]
    public async Task CheckPassword_finds_the_user_by_user_name_or_login_name_of_the_tenant_org(string loginName)
    {
        StoreAlice(changeRequired: true);

        var result = await CheckPassword(loginName);

        Assert.Equal(new PasswordCheckResult("1", true) { PasswordChangeReason = PasswordChangeReason.SetByAdministrator }, result);
    }

    [Fact]
    public async Task CheckPassword_of_a_user_named_with_an_at_sign_finds_it_by_user_name_first()
    {
        var user = SignInTestKit.HumanWithPassword("9", userName: "carol@example.com");
        _kit.Users.FindByLoginNameAsync(PrimaryDomain, "CAROL@EXAMPLE.COM", Arg.Any<CancellationToken>()).Returns(user);

        var result = await CheckPassword("carol@example.com");

        Assert.Equal("9", result.UserId);
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("alice@other.acme.localhost")]
    public async Task CheckPassword_of_an_unknown_user_or_another_orgs_user_answers_COMMAND_3M0fs_after_the_dummy_hash(string loginName)
    {
        StoreAlice();
        var other = SignInTestKit.HumanWithPassword("2", TestData.OtherOrgId);
        _kit.Users.FindByLoginNameAsync("other.acme.localhost", "ALICE", Arg.Any<CancellationToken>()).Returns(other);

        var error = await Assert.ThrowsAsync<DomainException>(() => CheckPassword(loginName));

        Assert.Equal("COMMAND-3M0fs", error.Summary.Id);
        Assert.Contains("verify " + SignInTestKit.DummyHash, _kit.Hasher.Calls);
        await _kit.Users.DidNotReceive().FindByLoginNameAsync("other.acme.localhost", Arg.Any<string>(), Arg.Any<CancellationToken>());
        await _kit.Failures.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
        _kit.Throttle.Received(1).RecordFailure("org:100/" + User.NormalizeUserName(loginName), SignInTestKit.Source);
    }

    [Fact]
    public async Task CheckPassword_of_an_unknown_user_has_one_budget_key_for_its_user_name_and_its_login_name()
    {
        // A known user's failures always count under its id, whichever name was sent; an unknown user's must
        // likewise share one key, or exhausting one form and trying the other would tell whether the user exists.
        foreach (var name in new[] { "nobody", " NoBody ", "nobody@acme.acme.localhost", "NOBODY@ACME.acme.localhost" })
        {
            await Assert.ThrowsAsync<DomainException>(() => CheckPassword(name));
        }

        _kit.Throttle.Received(4).EnsureAllowed("org:100/NOBODY", SignInTestKit.Source);
        _kit.Throttle.Received(4).RecordFailure("org:100/NOBODY", SignInTestKit.Source);
    }

    [Fact]
    public async Task CheckPassword_wrong_password_counts_against_the_user()
    {
        StoreAlice();

        var error = await Assert.ThrowsAsync<DomainException>(() => CheckPassword("alice", "Wrong-Horse-7"));

        Assert.Equal("COMMAND-3M0fs", error.Summary.Id);
        await _kit.Failures.Received(1).AddAsync(new UserId("1"), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
    }
}
