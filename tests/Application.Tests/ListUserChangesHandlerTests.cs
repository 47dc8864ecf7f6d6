using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.ListUserChanges;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class ListUserChangesHandlerTests
{
    private static readonly OrgId ThirdOrgId = new("300");

    private readonly IChangeReader _changes = Substitute.For<IChangeReader>();
    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly List<User> _editors = [];
    private readonly IUserRepository _users;
    private readonly RequestContext _context = TestData.Context(TestData.Org());
    private IReadOnlyList<DomainEvent> _events = [];

    public ListUserChangesHandlerTests()
    {
        _users = TestData.Users(() => TestData.Human("1"), () => TestData.Human("5", TestData.OtherOrgId));
        _users.FindManyAsync(Arg.Any<IReadOnlyCollection<UserId>>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult<IReadOnlyList<User>>([.. _editors.Where(u => ci.ArgAt<IReadOnlyCollection<UserId>>(0).Contains(u.Id))]));
        _changes.ListAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<long>(), Arg.Any<int>(), Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns(_ => Task.FromResult(_events));
    }

    private ListUserChangesHandler Handler() => new(_context, _users, _organizations, _changes);

    private Task<IReadOnlyList<ChangeDto>> List(string userId = "1", ulong sequence = 0, uint limit = 0, bool asc = false) =>
        Handler().Handle(new ListUserChangesQuery(userId, sequence, limit, asc), CancellationToken.None);

    private static StoredEvent Event(long sequence, string type, string editorId, int minute = 0) =>
        new StoredEvent(type, new Dictionary<string, object?>())
        {
            AggregateId = "1",
            AggregateType = "user",
            Sequence = sequence,
            CreatedAt = TestData.Now.AddMinutes(minute),
            EditorId = editorId,
            ResourceOwner = TestData.OrgId.Value,
        };

    private static User HumanEditor(string id, OrgId org, string userName, string displayName) =>
        User.ImportHuman(
            new UserId(id), org, userName,
            new HumanProfile("Edi", "Tor", string.Empty, displayName, "en", Gender.Unspecified, "edi@example.com", true, string.Empty, false),
            null, false, new PasswordPolicy(PasswordComplexityPolicy.Default, null, false),
            _ => throw new InvalidOperationException("no password"), TestData.Created, "SYSTEM");

    // ---- what is asked of the reader ----------------------------------------------------------

    [Fact]
    public async Task Limit_0_asks_the_reader_for_the_default_100()
    {
        await List(limit: 0);

        await _changes.Received(1).ListAsync("user", "1", 0, ListUserChangesQuery.DefaultLimit, false, Arg.Any<CancellationToken>());
        Assert.Equal(100, ListUserChangesQuery.DefaultLimit);
    }

    [Theory]
    [InlineData(1u, 0ul, false)]
    [InlineData(7u, 42ul, true)]
    [InlineData(1000u, 3ul, false)]
    public async Task Explicit_limit_sequence_and_direction_are_passed_through(uint limit, ulong sequence, bool asc)
    {
        await List(sequence: sequence, limit: limit, asc: asc);

        await _changes.Received(1).ListAsync("user", "1", (long)sequence, (int)limit, asc, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("404")]
    [InlineData("5")] // a user of another org
    public async Task Absent_or_foreign_user_is_not_found_and_the_trail_is_not_read(string userId)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => List(userId));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("USER-NotFound", error.Summary.Id);
        await _changes.DidNotReceiveWithAnyArgs().ListAsync(default!, default!, default, default, default, default);
        await _users.Received(1).GetAsync(TestData.OrgId, new UserId(userId), Arg.Any<CancellationToken>());
    }

    // ---- mapping ------------------------------------------------------------------------------

    [Fact]
    public async Task Each_event_becomes_a_change_in_the_readers_order()
    {
        _editors.Add(HumanEditor("900", TestData.OrgId, "boss", "The Boss"));
        _events = [Event(3, "user.locked", "900", 3), Event(2, "user.human.password.changed", "900", 2), Event(1, "user.human.added", "900", 1)];

        var result = await List();

        Assert.Equal(
            [
                new ChangeDto(TestData.Now.AddMinutes(3), "user.locked", "User locked", 3, "900", "The Boss", "boss@acme.acme.localhost", "100"),
                new ChangeDto(TestData.Now.AddMinutes(2), "user.human.password.changed", "Password changed", 2, "900", "The Boss", "boss@acme.acme.localhost", "100"),
                new ChangeDto(TestData.Now.AddMinutes(1), "user.human.added", "User added", 1, "900", "The Boss", "boss@acme.acme.localhost", "100"),
            ],
            result);
    }

    [Theory]
    [InlineData("user.human.added", "User added")]
    [InlineData("user.machine.added", "Machine user added")]
    [InlineData("user.human.password.changed", "Password changed")]
    [InlineData("user.personal.access.token.added", "Personal access token added")]
    [InlineData("user.deactivated", "User deactivated")]
    [InlineData("user.reactivated", "User reactivated")]
    [InlineData("user.locked", "User locked")]
    [InlineData("user.unlocked", "User unlocked")]
    [InlineData("user.removed", "User removed")]
    [InlineData("user.some.future.event", "user.some.future.event")] // unknown: the key itself
    [InlineData("User.Locked", "User.Locked")] // keys are case-sensitive
    public async Task Event_type_key_is_kept_and_localized(string type, string message)
    {
        _events = [Event(1, type, SystemEditor.Bootstrap)];

        var change = Assert.Single(await List());

        Assert.Equal(type, change.EventType);
        Assert.Equal(message, change.LocalizedMessage);
    }

    /// <summary>ListUserChanges labels every kind of user event (one sample of each domain event of the user).</summary>
    [Fact]
    public async Task Every_user_event_has_a_label_of_its_own()
    {
        var types = IntegrationEventMappingTests.Samples()
            .Where(e => e.GetType().Namespace == typeof(Identity.Domain.Users.User).Namespace)
            .Select(e => e.Type).Distinct(StringComparer.Ordinal).ToList();
        _events = [.. types.Select((type, i) => Event(i + 1, type, SystemEditor.Bootstrap))];

        var changes = await List();

        Assert.Equal(types.Count, changes.Count);
        Assert.All(changes, c => Assert.NotEqual(c.EventType, c.LocalizedMessage));
    }

    [Fact]
    public async Task System_editor_is_shown_as_System_without_login_name_and_never_looked_up_as_a_user()
    {
        _editors.Add(TestData.Machine("SYSTEM"));
        _events = [Event(1, "user.human.added", SystemEditor.Bootstrap)];

        var change = Assert.Single(await List());

        Assert.Equal("system:bootstrap", change.EditorId);
        Assert.Equal("System", change.EditorDisplayName);
        Assert.Equal(string.Empty, change.EditorPreferredLoginName);
        await _users.Received(1).FindManyAsync(Arg.Is<IReadOnlyCollection<UserId>>(ids => ids.Count == 0), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_user_with_id_SYSTEM_is_an_ordinary_editor_not_the_system()
    {
        _editors.Add(TestData.Machine("SYSTEM"));
        _events = [Event(2, "user.locked", "SYSTEM"), Event(1, "user.human.added", SystemEditor.Bootstrap)];

        var result = await List();

        Assert.Equal(
            [("SYSTEM", "Robot", "robot@acme.acme.localhost"), ("system:bootstrap", "System", string.Empty)],
            result.Select(c => (c.EditorId, c.EditorDisplayName, c.EditorPreferredLoginName)));
    }

    [Fact]
    public async Task Unknown_editor_has_empty_display_and_login_names()
    {
        _events = [Event(1, "user.locked", "12345")];

        var change = Assert.Single(await List());

        Assert.Equal("12345", change.EditorId);
        Assert.Equal(string.Empty, change.EditorDisplayName);
        Assert.Equal(string.Empty, change.EditorPreferredLoginName);
    }

    [Fact]
    public async Task Machine_editor_is_shown_by_its_name()
    {
        _editors.Add(TestData.Machine("2"));
        _events = [Event(1, "user.locked", "2")];

        var change = Assert.Single(await List());

        Assert.Equal("Robot", change.EditorDisplayName);
        Assert.Equal("robot@acme.acme.localhost", change.EditorPreferredLoginName);
    }

    [Fact]
    public async Task Editors_of_other_orgs_get_their_own_orgs_domain_each_org_loaded_once()
    {
        _editors.Add(HumanEditor("900", TestData.OrgId, "boss", "The Boss"));
        _editors.Add(HumanEditor("201", TestData.OtherOrgId, "helper", "Help Desk"));
        _editors.Add(HumanEditor("202", TestData.OtherOrgId, "auditor", "Audit"));
        var other = TestData.Org(TestData.OtherOrgId, "Other Corp");
        _organizations.GetAsync(TestData.OtherOrgId, Arg.Any<CancellationToken>()).Returns(other);
        _events = [Event(4, "user.locked", "202"), Event(3, "user.unlocked", "201"), Event(2, "user.locked", "201"), Event(1, "user.human.added", "900")];

        var result = await List();

        Assert.Equal(
            [("202", "Audit", "auditor@other-corp.acme.localhost"), ("201", "Help Desk", "helper@other-corp.acme.localhost"), ("201", "Help Desk", "helper@other-corp.acme.localhost"), ("900", "The Boss", "boss@acme.acme.localhost")],
            result.Select(c => (c.EditorId, c.EditorDisplayName, c.EditorPreferredLoginName)));
        await _organizations.Received(1).GetAsync(TestData.OtherOrgId, Arg.Any<CancellationToken>());
        await _organizations.DidNotReceive().GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()); // the tenant's domain is known
    }

    [Fact]
    public async Task Editor_whose_org_is_gone_is_shown_by_bare_user_name()
    {
        _editors.Add(HumanEditor("301", ThirdOrgId, "ghost", "Ghost"));
        _events = [Event(1, "user.locked", "301")];

        var change = Assert.Single(await List());

        Assert.Equal("Ghost", change.EditorDisplayName);
        Assert.Equal("ghost", change.EditorPreferredLoginName);
        await _organizations.Received(1).GetAsync(ThirdOrgId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Editors_are_looked_up_once_each_in_one_call()
    {
        _events = [Event(4, "user.locked", "900"), Event(3, "user.unlocked", SystemEditor.Bootstrap), Event(2, "user.locked", "900"), Event(1, "user.human.added", "2")];

        await List();

        await _users.Received(1).FindManyAsync(
            Arg.Is<IReadOnlyCollection<UserId>>(ids => ids.Count == 2 && ids.ToHashSet().SetEquals(new[] { new UserId("900"), new UserId("2") })),
            Arg.Any<CancellationToken>());
        await _users.ReceivedWithAnyArgs(1).FindManyAsync(default!, default);
    }

    [Fact]
    public async Task Empty_trail_answers_an_empty_list()
    {
        Assert.Empty(await List());
        await _organizations.DidNotReceiveWithAnyArgs().GetAsync(default, default);
    }

    [Fact]
    public void Query_needs_user_read()
    {
        Assert.Equal(Permissions.UserRead, new ListUserChangesQuery("1", 0, 0, false).Permission);
        Assert.IsNotAssignableFrom<ICommand<IReadOnlyList<ChangeDto>>>(new ListUserChangesQuery("1", 0, 0, false));
    }
}
