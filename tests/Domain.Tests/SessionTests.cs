using System.Text;
using System.Text.Json;
using Identity.Domain.Common;
using Identity.Domain.Sessions;

namespace Identity.Domain.Tests;

public class SessionTests
{
    private const string Creator = "900";
    private const string TokenHash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static readonly SessionId Id = new("300");
    private static readonly UserId Alice = new("1");
    private static readonly UserId Bob = new("2");

    private static Session NewSession(SessionUserAgent? userAgent = null) =>
        Session.Create(Id, TokenHash, Creator, userAgent, TestData.Created);

    private static Dictionary<string, byte[]> Meta(params (string Key, string Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => Encoding.UTF8.GetBytes(e.Value), StringComparer.Ordinal);

    // ---- Create ---------------------------------------------------------------------------------

    [Fact]
    public void Create_raises_session_added_with_the_creator_and_no_org()
    {
        var ua = new SessionUserAgent("fp-1", "192.0.2.1", "Firefox", new Dictionary<string, IReadOnlyList<string>> { ["accept-language"] = ["de"] });

        var session = NewSession(ua);

        var added = Assert.IsType<SessionAdded>(Assert.Single(session.PendingEvents));
        Assert.Equal("session.added", added.Type);
        Assert.Equal("fp-1", added.UserAgentFingerprint);
        Assert.Equal(Creator, added.EditorId);
        Assert.Equal("session", added.AggregateType);
        Assert.Equal(Id.Value, added.AggregateId);
        Assert.Equal(string.Empty, added.ResourceOwner);
        Assert.Equal(1, added.Sequence);
        Assert.Equal(1, session.Sequence);
        Assert.Equal(TestData.Created, session.CreatedAt);
        Assert.Equal(TestData.Created, session.ChangedAt);
        Assert.Equal(Creator, session.CreatorId);
        Assert.Same(ua, session.UserAgent);
        Assert.Null(session.UserId);
        Assert.Null(session.UserCheckedAt);
        Assert.Null(session.PasswordCheckedAt);
        Assert.Null(session.ExpiresAt);
        Assert.Empty(session.Metadata);
    }

    [Theory]
    [InlineData("", Creator)]
    [InlineData(TokenHash, "")]
    public void Create_needs_a_token_hash_and_a_creator(string tokenHash, string creator) =>
        Assert.ThrowsAny<ArgumentException>(() => Session.Create(Id, tokenHash, creator, null, TestData.Created));

    // ---- User check -----------------------------------------------------------------------------

    [Fact]
    public void User_check_sets_the_user_and_its_org_as_resource_owner()
    {
        var session = NewSession();

        session.CheckUser(Alice, TestData.Org, TestData.Now, Creator);

        Assert.Equal(Alice, session.UserId);
        Assert.Equal(TestData.Org, session.UserOrgId);
        Assert.Equal(TestData.Now, session.UserCheckedAt);
        var checkedEvent = Assert.IsType<SessionUserChecked>(session.PendingEvents[^1]);
        Assert.Equal("session.user.checked", checkedEvent.Type);
        Assert.Equal(2, checkedEvent.Sequence);
        Assert.Equal(TestData.Org.Value, checkedEvent.ResourceOwner);
        Assert.Equal(Alice.Value, checkedEvent.Payload["userId"]);
        Assert.Equal(TestData.Org.Value, checkedEvent.Payload["userResourceOwner"]);
    }

    [Fact]
    public void The_same_user_can_be_checked_again_which_renews_the_check_time()
    {
        var session = NewSession();
        session.CheckUser(Alice, TestData.Org, TestData.Created, Creator);

        session.CheckUser(Alice, TestData.Org, TestData.Now, Creator);

        Assert.Equal(TestData.Now, session.UserCheckedAt);
        Assert.Equal(3, session.Sequence);
    }

    [Fact]
    public void Another_user_can_never_be_checked_and_nothing_changes()
    {
        var session = NewSession();
        session.CheckUser(Alice, TestData.Org, TestData.Created, Creator);

        var error = Assert.Throws<DomainException>(() => session.CheckUser(Bob, TestData.OtherOrg, TestData.Now, Creator));

        Assert.Equal("SESSION-UserChanged", error.Summary.Id);
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal(Alice, session.UserId);
        Assert.Equal(TestData.Org, session.UserOrgId);
        Assert.Equal(TestData.Created, session.UserCheckedAt);
        Assert.Equal(2, session.Sequence);
    }

    // ---- Password check -------------------------------------------------------------------------

    [Fact]
    public void Password_check_needs_a_user_check_first()
    {
        var session = NewSession();

        var error = Assert.Throws<DomainException>(() => session.CheckPassword(TestData.Now, Creator));

        Assert.Equal("SESSION-UserCheckRequired", error.Summary.Id);
        Assert.Null(session.PasswordCheckedAt);
        Assert.Equal(1, session.Sequence);
    }

    [Fact]
    public void Password_check_records_the_time_and_the_user()
    {
        var session = NewSession();
        session.CheckUser(Alice, TestData.Org, TestData.Created, Creator);

        session.CheckPassword(TestData.Now, Creator);

        Assert.Equal(TestData.Now, session.PasswordCheckedAt);
        var passwordChecked = Assert.IsType<SessionPasswordChecked>(session.PendingEvents[^1]);
        Assert.Equal("session.password.checked", passwordChecked.Type);
        Assert.Equal(Alice.Value, passwordChecked.UserId);
        Assert.Equal(3, passwordChecked.Sequence);
        Assert.Equal(TestData.Org.Value, passwordChecked.ResourceOwner);
    }

    // ---- Metadata -------------------------------------------------------------------------------

    [Fact]
    public void Metadata_is_set_and_the_event_names_only_the_keys_in_order()
    {
        var session = NewSession();

        session.SetMetadata(Meta(("zeta", "secret-value-1"), ("alpha", "secret-value-2")), TestData.Now, Creator);

        Assert.Equal(["alpha", "zeta"], session.Metadata.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("secret-value-1", Encoding.UTF8.GetString(session.Metadata["zeta"]));
        var set = Assert.IsType<SessionMetadataSet>(session.PendingEvents[^1]);
        Assert.Equal("session.metadata.set", set.Type);
        Assert.Equal(["alpha", "zeta"], set.Keys);
        var json = JsonSerializer.Serialize(set.Payload);
        Assert.DoesNotContain("secret-value", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("secret-value-1")), json, StringComparison.Ordinal);
    }

    [Fact]
    public void No_metadata_changes_raise_nothing()
    {
        var session = NewSession();

        session.SetMetadata(new Dictionary<string, byte[]>(), TestData.Now, Creator);

        Assert.Equal(1, session.Sequence);
    }

    [Fact]
    public void An_empty_value_deletes_its_key_and_keeps_the_others()
    {
        var session = NewSession();
        session.SetMetadata(Meta(("a", "1"), ("b", "2")), TestData.Created, Creator);

        session.SetMetadata(new Dictionary<string, byte[]> { ["a"] = [] }, TestData.Now, Creator);

        Assert.Equal(["b"], session.Metadata.Keys);
        Assert.Equal(3, session.Sequence);
    }

    [Fact]
    public void A_value_of_exactly_2_KiB_is_accepted_and_one_byte_more_is_refused()
    {
        var session = NewSession();
        session.SetMetadata(new Dictionary<string, byte[]> { ["k"] = new byte[Session.MaxMetadataValueBytes] }, TestData.Now, Creator);
        Assert.Equal(2048, session.Metadata["k"].Length);

        var error = Assert.Throws<DomainException>(() =>
            session.SetMetadata(new Dictionary<string, byte[]> { ["k"] = new byte[Session.MaxMetadataValueBytes + 1] }, TestData.Now, Creator));

        Assert.Equal("SESSION-MetadataInvalid", error.Summary.Id);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(2048, session.Metadata["k"].Length);
        Assert.Equal(2, session.Sequence);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void Keys_must_be_1_to_200_characters(int length)
    {
        var session = NewSession();

        var error = Assert.Throws<DomainException>(() =>
            session.SetMetadata(new Dictionary<string, byte[]> { [new string('k', length)] = [1] }, TestData.Now, Creator));

        Assert.Equal("SESSION-MetadataInvalid", error.Summary.Id);
        Assert.Empty(session.Metadata);
    }

    [Fact]
    public void A_key_of_200_characters_is_accepted()
    {
        var session = NewSession();

        session.SetMetadata(new Dictionary<string, byte[]> { [new string('k', 200)] = [1] }, TestData.Now, Creator);

        Assert.Single(session.Metadata);
    }

    [Fact]
    public void A_key_with_a_control_character_is_refused()
    {
        var session = NewSession();

        var error = Assert.Throws<DomainException>(() =>
            session.SetMetadata(new Dictionary<string, byte[]> { ["a\u0000b"] = [1] }, TestData.Now, Creator));

        Assert.Equal("TEXT-InvalidCharacter", error.Summary.Id);
        Assert.Empty(session.Metadata);
    }

    [Fact]
    public void Twenty_keys_are_accepted_and_a_twenty_first_is_refused_without_any_change()
    {
        var session = NewSession();
        var twenty = Enumerable.Range(0, 20).ToDictionary(i => "k" + i, _ => new byte[] { 1 }, StringComparer.Ordinal);
        session.SetMetadata(twenty, TestData.Created, Creator);

        var error = Assert.Throws<DomainException>(() =>
            session.SetMetadata(new Dictionary<string, byte[]> { ["k20"] = [1], ["k0"] = [2] }, TestData.Now, Creator));

        Assert.Equal("SESSION-MetadataInvalid", error.Summary.Id);
        Assert.Equal(20, session.Metadata.Count);
        Assert.Equal([1], session.Metadata["k0"]);
        Assert.Equal(2, session.Sequence);
    }

    [Fact]
    public void Removing_one_key_makes_room_for_another_in_the_same_change()
    {
        var session = NewSession();
        session.SetMetadata(Enumerable.Range(0, 20).ToDictionary(i => "k" + i, _ => new byte[] { 1 }, StringComparer.Ordinal), TestData.Created, Creator);

        session.SetMetadata(new Dictionary<string, byte[]> { ["k0"] = [], ["new"] = [1] }, TestData.Now, Creator);

        Assert.Equal(20, session.Metadata.Count);
        Assert.False(session.Metadata.ContainsKey("k0"));
        Assert.True(session.Metadata.ContainsKey("new"));
    }

    // ---- Lifetime -------------------------------------------------------------------------------

    [Fact]
    public void Lifetime_sets_the_expiry_from_now()
    {
        var session = NewSession();

        session.SetLifetime(TimeSpan.FromMinutes(5), TestData.Now, Creator);

        Assert.Equal(TestData.Now.AddMinutes(5), session.ExpiresAt);
        var set = Assert.IsType<SessionLifetimeSet>(session.PendingEvents[^1]);
        Assert.Equal("session.lifetime.set", set.Type);
        Assert.Equal(TestData.Now.AddMinutes(5), set.Payload["expiration"]);
    }

    [Fact]
    public void The_longest_lifetime_is_accepted()
    {
        var session = NewSession();

        session.SetLifetime(Session.MaxLifetime, TestData.Now, Creator);

        Assert.Equal(TestData.Now + TimeSpan.FromDays(36_500), session.ExpiresAt);
    }

    public static TheoryData<TimeSpan> BadLifetimes => new()
    {
        TimeSpan.Zero,
        TimeSpan.FromTicks(-1),
        TimeSpan.FromSeconds(-5),
        Session.MaxLifetime + TimeSpan.FromTicks(1),
        TimeSpan.MaxValue,
    };

    [Theory]
    [MemberData(nameof(BadLifetimes))]
    public void A_lifetime_that_is_not_positive_or_too_long_is_refused(TimeSpan lifetime)
    {
        var session = NewSession();

        var error = Assert.Throws<DomainException>(() => session.SetLifetime(lifetime, TestData.Now, Creator));

        Assert.Equal("SESSION-LifetimeInvalid", error.Summary.Id);
        Assert.Null(session.ExpiresAt);
        Assert.Equal(1, session.Sequence);
    }

    [Fact]
    public void IsExpired_is_true_from_the_expiry_on()
    {
        var session = NewSession();
        Assert.False(session.IsExpired(DateTimeOffset.MaxValue));

        session.SetLifetime(TimeSpan.FromMinutes(5), TestData.Now, Creator);

        Assert.False(session.IsExpired(TestData.Now));
        Assert.False(session.IsExpired(TestData.Now.AddMinutes(5).AddTicks(-1)));
        Assert.True(session.IsExpired(TestData.Now.AddMinutes(5)));
        Assert.True(session.IsExpired(TestData.Now.AddDays(1)));
    }

    // ---- Token ----------------------------------------------------------------------------------

    [Fact]
    public void TokenMatches_only_the_exact_hash()
    {
        var session = NewSession();

        Assert.True(session.TokenMatches(TokenHash));
        Assert.False(session.TokenMatches(null));
        Assert.False(session.TokenMatches(string.Empty));
        Assert.False(session.TokenMatches(TokenHash[..^1]));
        Assert.False(session.TokenMatches(TokenHash + "a"));
        Assert.False(session.TokenMatches(TokenHash[..^1] + "b"));
        Assert.False(session.TokenMatches("b" + TokenHash[1..]));
        Assert.False(session.TokenMatches(TokenHash.ToUpperInvariant()));
    }

    [Fact]
    public void RenewToken_replaces_the_hash_so_the_previous_token_stops_working()
    {
        var session = NewSession();
        var renewed = new string('b', 64);

        session.RenewToken(renewed, TestData.Now, Creator);

        Assert.False(session.TokenMatches(TokenHash));
        Assert.True(session.TokenMatches(renewed));
        var e = Assert.IsType<SessionTokenRenewed>(session.PendingEvents[^1]);
        Assert.Equal("session.token.renewed", e.Type);
        Assert.Empty(e.Payload);
        Assert.Equal(2, session.Sequence);
        Assert.Equal(TestData.Now, session.ChangedAt);
    }

    [Fact]
    public void RenewToken_needs_a_hash()
    {
        var session = NewSession();

        Assert.ThrowsAny<ArgumentException>(() => session.RenewToken(string.Empty, TestData.Now, Creator));
        Assert.True(session.TokenMatches(TokenHash));
    }

    // ---- Terminate and the event stream --------------------------------------------------------

    [Fact]
    public void Terminate_raises_session_terminated()
    {
        var session = NewSession();
        session.CheckUser(Alice, TestData.Org, TestData.Created, Creator);

        session.Terminate(TestData.Now, "777");

        var terminated = Assert.IsType<SessionTerminated>(session.PendingEvents[^1]);
        Assert.Equal("session.terminated", terminated.Type);
        Assert.Equal("777", terminated.EditorId);
        Assert.Equal(TestData.Org.Value, terminated.ResourceOwner);
        Assert.Equal(3, terminated.Sequence);
        Assert.Empty(terminated.Payload);
    }

    [Fact]
    public void A_full_life_numbers_its_events_without_gaps_and_no_payload_holds_a_secret()
    {
        const string metadataValue = "metadata-secret-value";
        var renewedHash = new string('c', 64);
        var session = NewSession(new SessionUserAgent("fp", "192.0.2.1", "desc", new Dictionary<string, IReadOnlyList<string>>()));
        session.SetMetadata(Meta(("k", metadataValue)), TestData.Created, Creator);
        session.SetLifetime(TimeSpan.FromHours(1), TestData.Created, Creator);
        session.CheckUser(Alice, TestData.Org, TestData.Now, Creator);
        session.CheckPassword(TestData.Now, Creator);
        session.RenewToken(renewedHash, TestData.Now, Creator);
        session.Terminate(TestData.Now, Creator);

        Assert.Equal(
            ["session.added", "session.metadata.set", "session.lifetime.set", "session.user.checked", "session.password.checked", "session.token.renewed", "session.terminated"],
            session.PendingEvents.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), session.PendingEvents.Select(e => e.Sequence));
        Assert.Equal(7, session.Sequence);
        Assert.All(session.PendingEvents, e => Assert.Equal(Id.Value, e.AggregateId));
        foreach (var e in session.PendingEvents)
        {
            var json = JsonSerializer.Serialize(e.Payload);
            Assert.DoesNotContain(TokenHash, json, StringComparison.Ordinal);
            Assert.DoesNotContain(renewedHash, json, StringComparison.Ordinal);
            Assert.DoesNotContain(metadataValue, json, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(metadataValue)), json, StringComparison.Ordinal);
        }

        // The events before the user check belong to no org; those after it to the user's org.
        Assert.Equal([string.Empty, string.Empty, string.Empty], session.PendingEvents.Take(3).Select(e => e.ResourceOwner));
        Assert.All(session.PendingEvents.Skip(3), e => Assert.Equal(TestData.Org.Value, e.ResourceOwner));
    }
}
