using System.Text;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users;
using Identity.Application.Users.BulkRemoveUserMetadata;
using Identity.Application.Users.BulkSetUserMetadata;
using Identity.Application.Users.GetUserMetadata;
using Identity.Application.Users.ListUserMetadata;
using Identity.Application.Users.RemoveUserMetadata;
using Identity.Application.Users.SetUserMetadata;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class UserMetadataHandlerTests
{
    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private readonly RequestContext _context = TestData.Context(TestData.Org());
    private readonly IUserMetadataRepository _metadata = Substitute.For<IUserMetadataRepository>();
    private readonly User _user = TestData.Machine("2");
    private readonly List<UserMetadata> _stored = [];

    public UserMetadataHandlerTests()
    {
        _user.ClearPendingEvents();
        _metadata.AllOfUserAsync(_user.Id, Arg.Any<CancellationToken>()).Returns(_ => Task.FromResult<IReadOnlyList<UserMetadata>>([.. _stored]));
        _metadata.GetAsync(_user.Id, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult(_stored.FirstOrDefault(m => m.Key == ci.ArgAt<string>(1))));
    }

    private IUserRepository Users => TestData.Users(() => _user);

    private UserMetadata Stored(string key, string value)
    {
        var entry = new UserMetadata(_user.Id, key, Encoding.UTF8.GetBytes(value), TestData.Created, 1);
        _stored.Add(entry);
        return entry;
    }

    [Fact]
    public async Task Set_adds_the_entry_and_answers_the_users_new_sequence()
    {
        var sequence = _user.Sequence;

        var details = await new SetUserMetadataHandler(_context, Users, _metadata, MetadataLimits.Default, _clock)
            .Handle(new SetUserMetadataCommand("2", "k", "v"u8.ToArray()), CancellationToken.None);

        Assert.Equal(new ObjectDetailsDto(sequence + 1, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        _metadata.Received(1).Add(Arg.Is<UserMetadata>(m => m.Key == "k" && m.Value.SequenceEqual(new byte[] { (byte)'v' }) && m.Sequence == sequence + 1));
        Assert.Equal(TestData.CallerId.Value, Assert.Single(_user.PendingEvents).EditorId);
    }

    [Fact]
    public async Task Bulk_set_is_one_change_that_adds_and_updates()
    {
        var existing = Stored("a", "old");
        var sequence = _user.Sequence;

        var details = await new BulkSetUserMetadataHandler(_context, Users, _metadata, MetadataLimits.Default, _clock)
            .Handle(new BulkSetUserMetadataCommand("2", [new("a", "new"u8.ToArray()), new("b", "x"u8.ToArray())]), CancellationToken.None);

        Assert.Equal(sequence + 1, details.Sequence);
        Assert.Equal("new", Encoding.UTF8.GetString(existing.Value));
        _metadata.Received(1).Add(Arg.Is<UserMetadata>(m => m.Key == "b"));
        _metadata.DidNotReceive().Add(Arg.Is<UserMetadata>(m => m.Key == "a"));
        Assert.Equal(["a", "b"], Assert.IsType<UserMetadataSet>(Assert.Single(_user.PendingEvents)).Keys);
    }

    [Fact]
    public async Task Set_beyond_the_configured_per_user_limit_is_refused_and_adds_nothing()
    {
        Stored("a", "1234");

        var error = await Assert.ThrowsAsync<DomainException>(() => new SetUserMetadataHandler(_context, Users, _metadata, new MetadataLimits(10, 5), _clock)
            .Handle(new SetUserMetadataCommand("2", "b", "12"u8.ToArray()), CancellationToken.None));

        Assert.Equal(Errors.Metadata.TooLargeId, error.Summary.Id);
        _metadata.DidNotReceive().Add(Arg.Any<UserMetadata>());
        Assert.Empty(_user.PendingEvents);
    }

    [Fact]
    public async Task A_user_of_another_org_or_a_removed_one_is_not_found()
    {
        var foreign = TestData.Machine("3", TestData.OtherOrgId);
        var users = TestData.Users(() => foreign, () => TestData.Machine("4").Reach(UserState.Removed));
        var handler = new SetUserMetadataHandler(_context, users, _metadata, MetadataLimits.Default, _clock);

        foreach (var id in new[] { "3", "4", "5" })
        {
            var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new SetUserMetadataCommand(id, "k", "v"u8.ToArray()), CancellationToken.None));
            Assert.Equal(Errors.User.NotFoundId, error.Summary.Id);
        }

        var read = await Assert.ThrowsAsync<DomainException>(() => new GetUserMetadataHandler(_context, users, _metadata).Handle(new GetUserMetadataQuery("3", "k"), CancellationToken.None));
        Assert.Equal(Errors.User.NotFoundId, read.Summary.Id);
        _metadata.DidNotReceive().Add(Arg.Any<UserMetadata>());
    }

    [Fact]
    public async Task Remove_and_bulk_remove_delete_the_entries_and_an_unknown_key_removes_nothing()
    {
        var a = Stored("a", "1");
        var b = Stored("b", "2");

        var error = await Assert.ThrowsAsync<DomainException>(() => new BulkRemoveUserMetadataHandler(_context, Users, _metadata, _clock)
            .Handle(new BulkRemoveUserMetadataCommand("2", ["a", "missing"]), CancellationToken.None));
        Assert.Equal(Errors.Metadata.NotFoundId, error.Summary.Id);
        _metadata.DidNotReceive().Remove(Arg.Any<UserMetadata>());

        var sequence = _user.Sequence;
        var details = await new BulkRemoveUserMetadataHandler(_context, Users, _metadata, _clock)
            .Handle(new BulkRemoveUserMetadataCommand("2", ["a", "b"]), CancellationToken.None);
        Assert.Equal(sequence + 1, details.Sequence);
        _metadata.Received(1).Remove(a);
        _metadata.Received(1).Remove(b);

        var single = await Assert.ThrowsAsync<DomainException>(() => new RemoveUserMetadataHandler(_context, Users, _metadata, _clock)
            .Handle(new RemoveUserMetadataCommand("2", "nope"), CancellationToken.None));
        Assert.Equal(Errors.Metadata.NotFoundId, single.Summary.Id);
    }

    [Fact]
    public async Task Get_answers_the_entry_with_its_own_details_or_not_found()
    {
        var entry = Stored("k", "value");

        var dto = await new GetUserMetadataHandler(_context, Users, _metadata).Handle(new GetUserMetadataQuery("2", "k"), CancellationToken.None);

        Assert.Equal(("k", "value"), (dto.Key, Encoding.UTF8.GetString(dto.Value.Span)));
        Assert.Equal(new ObjectDetailsDto(entry.Sequence, TestData.Created, TestData.Created, TestData.OrgId.Value), dto.Details);
        Assert.DoesNotContain("value", dto.ToString(), StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<DomainException>(() => new GetUserMetadataHandler(_context, Users, _metadata).Handle(new GetUserMetadataQuery("2", "K"), CancellationToken.None));
        Assert.Equal(Errors.Metadata.NotFoundId, error.Summary.Id);
    }

    [Theory]
    [InlineData(TextMatch.Equals, "app.Color", true, new[] { "app.Color" })]
    [InlineData(TextMatch.EqualsIgnoreCase, "APP.COLOR", true, new[] { "app.Color" })]
    [InlineData(TextMatch.StartsWith, "app.", true, new[] { "app.Color", "app.size" })]
    [InlineData(TextMatch.StartsWith, "app.", false, new[] { "app.size", "app.Color" })]
    [InlineData(TextMatch.StartsWithIgnoreCase, "APP", true, new[] { "app.Color", "app.size" })]
    [InlineData(TextMatch.Contains, "Col", true, new[] { "app.Color" })]
    [InlineData(TextMatch.ContainsIgnoreCase, "s", true, new[] { "app.size", "sys" })]
    [InlineData(TextMatch.EndsWith, "ys", true, new[] { "sys" })]
    [InlineData(TextMatch.EndsWithIgnoreCase, "IZE", true, new[] { "app.size" })]
    public async Task List_filters_by_key_and_orders_by_key(TextMatch match, string text, bool asc, string[] expected)
    {
        Stored("sys", "1");
        Stored("app.size", "2");
        Stored("app.Color", "3");

        var list = await new ListUserMetadataHandler(_context, Users, _metadata, _clock)
            .Handle(new ListUserMetadataQuery("2", [new TextQuery(text, match)], 0, 0, asc), CancellationToken.None);

        Assert.Equal(expected, list.Result.Select(r => r.Key));
        Assert.Equal(expected.Length, list.TotalResult);
    }

    [Fact]
    public async Task List_pages_and_counts_all_matches()
    {
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            Stored(key, key);
        }

        var list = await new ListUserMetadataHandler(_context, Users, _metadata, _clock)
            .Handle(new ListUserMetadataQuery("2", [], 1, 2, true), CancellationToken.None);

        Assert.Equal(["b", "c"], list.Result.Select(r => r.Key));
        Assert.Equal(4, list.TotalResult);
        Assert.Equal(_user.Sequence, list.ProcessedSequence);
        Assert.Equal(TestData.Now, list.ViewTimestamp);
    }

    [Fact]
    public void Writes_need_user_write_and_the_target_rule_reads_user_read()
    {
        Assert.Equal(Permissions.UserWrite, new SetUserMetadataCommand("2", "k", "v"u8.ToArray()).Permission);
        Assert.Equal(Permissions.UserWrite, new BulkSetUserMetadataCommand("2", []).Permission);
        Assert.Equal(Permissions.UserWrite, new RemoveUserMetadataCommand("2", "k").Permission);
        Assert.Equal(Permissions.UserWrite, new BulkRemoveUserMetadataCommand("2", []).Permission);
        Assert.Equal("2", ((ITargetsUser)new SetUserMetadataCommand("2", "k", "v"u8.ToArray())).TargetUserId);
        Assert.IsAssignableFrom<ITargetsUser>(new BulkSetUserMetadataCommand("2", []));
        Assert.IsAssignableFrom<ITargetsUser>(new RemoveUserMetadataCommand("2", "k"));
        Assert.IsAssignableFrom<ITargetsUser>(new BulkRemoveUserMetadataCommand("2", []));
        Assert.Equal(Permissions.UserRead, new GetUserMetadataQuery("2", "k").Permission);
        Assert.Equal(Permissions.UserRead, new ListUserMetadataQuery("2", [], 0, 0, true).Permission);
        Assert.DoesNotContain("secret", new SetUserMetadataCommand("2", "k", "secret"u8.ToArray()).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validators_refuse_bad_keys_values_lists_and_queries_each_with_its_id()
    {
        static string[] Ids(FluentValidation.Results.ValidationResult result) => [.. result.Errors.Select(e => e.ErrorCode).Order(StringComparer.Ordinal)];

        Assert.Empty(Ids(new SetUserMetadataValidator().Validate(new SetUserMetadataCommand("2", new string('k', 200), new byte[500_000]))));
        Assert.Equal(
            [Errors.Metadata.KeyInvalidId, Errors.Metadata.ValueInvalidId],
            Ids(new SetUserMetadataValidator().Validate(new SetUserMetadataCommand("2", new string('k', 201), new byte[500_001]))));
        Assert.Equal([Errors.Metadata.ValueInvalidId], Ids(new SetUserMetadataValidator().Validate(new SetUserMetadataCommand("2", "k", ReadOnlyMemory<byte>.Empty))));
        Assert.Equal([Errors.Text.InvalidCharacterId], Ids(new SetUserMetadataValidator().Validate(new SetUserMetadataCommand("2", "a\nb", new byte[1]))));
        Assert.Equal([Errors.Metadata.NoDataId], Ids(new BulkSetUserMetadataValidator().Validate(new BulkSetUserMetadataCommand("2", []))));
        Assert.Equal(
            [Errors.Metadata.KeyInvalidId, Errors.Metadata.ValueInvalidId],
            Ids(new BulkSetUserMetadataValidator().Validate(new BulkSetUserMetadataCommand("2", [new("", new byte[1]), new("k", ReadOnlyMemory<byte>.Empty)]))));
        Assert.Equal([Errors.Metadata.NoDataId], Ids(new BulkRemoveUserMetadataValidator().Validate(new BulkRemoveUserMetadataCommand("2", []))));
        Assert.Equal([Errors.Metadata.KeyInvalidId], Ids(new BulkRemoveUserMetadataValidator().Validate(new BulkRemoveUserMetadataCommand("2", ["a", ""]))));
        Assert.Equal([Errors.User.UserIdInvalidId], Ids(new RemoveUserMetadataValidator().Validate(new RemoveUserMetadataCommand("", "k"))));
        Assert.Equal([Errors.Metadata.KeyInvalidId], Ids(new GetUserMetadataValidator().Validate(new GetUserMetadataQuery("2", ""))));
        Assert.Equal(
            [Errors.Query.LimitExceededId, Errors.Query.InvalidId, Errors.Query.InvalidId, Errors.Query.InvalidId],
            Ids(new ListUserMetadataValidator().Validate(new ListUserMetadataQuery(
                "2", [new TextQuery("k", (TextMatch)99), new TextQuery(new string('k', 201), TextMatch.Equals), null!], 0, 1001, true))));
    }
}
