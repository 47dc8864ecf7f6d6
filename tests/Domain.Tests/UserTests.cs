using System.Text;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

public class UserTests
{
    private const string GoodPassword = "Correct-Horse-7";

    private static void AssertNoSecretIn(DomainEvent @event, params string[] secrets)
    {
        Assert.DoesNotContain(@event.Payload.Keys, k => k.Equals("password", StringComparison.OrdinalIgnoreCase)
            || k.Equals("passwordHash", StringComparison.OrdinalIgnoreCase)
            || k.Equals("hash", StringComparison.OrdinalIgnoreCase));
        foreach (var value in @event.Payload.Values)
        {
            var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(HashSpy.Prefix, text, StringComparison.Ordinal);
        }
    }

    private static (long Sequence, string? Hash, UserState State, bool ChangeRequired, DateTimeOffset? ChangedAt, DateTimeOffset Changed, int Events) Snapshot(User user) =>
        (user.Sequence, user.PasswordHash, user.State, user.PasswordChangeRequired, user.PasswordChangedAt, user.ChangedAt, user.PendingEvents.Count);

    // ---- ImportHuman --------------------------------------------------------------------------

    [Fact]
    public void ImportHuman_without_password_stays_initial()
    {
        var hash = new HashSpy();

        var user = User.ImportHuman(new UserId("1"), TestData.Org, "  alice  ", TestData.Profile(), null, false, TestData.Strict(), hash.Hash, TestData.Created, TestData.Editor);

        Assert.Equal(UserState.Initial, user.State);
        Assert.Equal(UserType.Human, user.Type);
        Assert.Equal("alice", user.UserName);
        Assert.Equal("ALICE", user.UserNameKey);
        Assert.Equal(TestData.Org, user.OrgId);
        Assert.NotNull(user.Human);
        Assert.Null(user.Machine);
        Assert.Null(user.PasswordHash);
        Assert.False(user.PasswordChangeRequired);
        Assert.Null(user.PasswordChangedAt);
        Assert.Empty(hash.Calls);
        Assert.Equal(1, user.Sequence);
        Assert.Equal(TestData.Created, user.CreatedAt);
        Assert.Equal(TestData.Created, user.ChangedAt);

        var added = Assert.Single(user.PendingEvents);
        Assert.Equal("user.human.added", added.Type);
        Assert.Equal("user", added.AggregateType);
        Assert.Equal("1", added.AggregateId);
        Assert.Equal(TestData.Org.Value, added.ResourceOwner);
        Assert.Equal(TestData.Editor, added.EditorId);
        Assert.Equal(1, added.Sequence);
        Assert.Equal(false, added.Payload["passwordSet"]);
        Assert.Equal("alice", added.Payload["userName"]);
        var typed = Assert.IsType<HumanUserAdded>(added);
        Assert.Equal(("alice", false), (typed.UserName, typed.PasswordSet));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ImportHuman_with_password_is_active_and_hashes_the_normalized_password(bool changeRequired)
    {
        var hash = new HashSpy();
        const string password = "Ｃorrect-Horse-7";

        var user = User.ImportHuman(new UserId("1"), TestData.Org, "alice", TestData.Profile(), password, changeRequired, TestData.Strict(), hash.Hash, TestData.Created, TestData.Editor);

        Assert.Equal(UserState.Active, user.State);
        Assert.Equal([GoodPassword], hash.Calls);
        Assert.Equal(HashSpy.Prefix + "1", user.PasswordHash);
        Assert.Equal(changeRequired, user.PasswordChangeRequired);
        Assert.Equal(TestData.Created, user.PasswordChangedAt);
        Assert.Equal(1, user.Sequence);

        var added = Assert.Single(user.PendingEvents);
        Assert.Equal("user.human.added", added.Type);
        Assert.Equal(true, added.Payload["passwordSet"]);
        Assert.Equal(changeRequired, added.Payload["changeRequired"]);
        AssertNoSecretIn(added, password, GoodPassword);
    }

    [Fact]
    public void ImportHuman_with_a_weak_password_is_refused_and_nothing_is_hashed()
    {
        var hash = new HashSpy();

        var error = Assert.Throws<DomainException>(() =>
            User.ImportHuman(new UserId("1"), TestData.Org, "alice", TestData.Profile(), "weak", false, TestData.Strict(), hash.Hash, TestData.Created, TestData.Editor));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Policy.PasswordInvalidId, error.Summary.Id);
        Assert.Empty(hash.Calls);
    }

    [Fact]
    public void ImportHuman_refuses_a_password_containing_the_user_name()
    {
        var hash = new HashSpy();

        var error = Assert.Throws<DomainException>(() =>
            User.ImportHuman(new UserId("1"), TestData.Org, "zebedee", TestData.Profile(), "Zebedee#2024", false, TestData.Strict(), hash.Hash, TestData.Created, TestData.Editor));

        Assert.Equal([Errors.Policy.PersonalInformationId], error.Details.Select(d => d.Id));
        Assert.Empty(hash.Calls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ImportHuman_refuses_a_blank_user_name(string userName)
    {
        var error = Assert.Throws<DomainException>(() => TestData.Human(userName: userName));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("USER-UserNameInvalid", error.Summary.Id);
    }

    [Fact]
    public void ImportHuman_accepts_200_characters_and_refuses_201()
    {
        Assert.Equal(200, TestData.Human(userName: new string('u', 200)).UserName.Length);

        var error = Assert.Throws<DomainException>(() => TestData.Human(userName: new string('u', 201)));
        Assert.Equal("USER-UserNameInvalid", error.Summary.Id);
    }

    [Fact]
    public void ImportHuman_counts_the_user_name_length_in_code_points_like_the_request_validator()
    {
        // ImportHumanUserValidator accepts 1..200 code points; the aggregate must not refuse what the validator let through.
        var userName = string.Concat(Enumerable.Repeat("\U0001D4B6", 150)); // 150 code points, 300 UTF-16 units

        var user = TestData.Human(userName: userName);

        Assert.Equal(userName, user.UserName);
    }

    [Fact]
    public void NormalizeUserName_folds_case_width_and_surrounding_spaces()
    {
        Assert.Equal(User.NormalizeUserName("Alice"), User.NormalizeUserName(" aLICE "));
        Assert.Equal(User.NormalizeUserName("alice"), User.NormalizeUserName("ａｌｉｃｅ"));
        Assert.NotEqual(User.NormalizeUserName("alice"), User.NormalizeUserName("alicia"));
    }

    // ---- the text rule of names and ids --------------------------------------------------------

    public static TheoryData<string, Func<HumanProfile, HumanProfile>> BadProfileFields => new()
    {
        { "profile.first_name", p => p with { FirstName = "Ali\u0000ce" } },
        { "profile.last_name", p => p with { LastName = "Won\u200Bder" } },
        { "profile.nick_name", p => p with { NickName = "Ali\u202E" } },
        { "profile.display_name", p => p with { DisplayName = "Alice\nWonder" } },
        { "profile.preferred_language", p => p with { PreferredLanguage = "e\u00ADn" } },
        { "email.email", p => p with { Email = "alice\u200B@example.com" } },
        { "phone.phone", p => p with { Phone = "+41\u2028000" } },
    };

    [Theory]
    [MemberData(nameof(BadProfileFields))]
    public void ImportHuman_refuses_control_and_format_characters_in_every_profile_field(string field, Func<HumanProfile, HumanProfile> spoil)
    {
        ArgumentNullException.ThrowIfNull(spoil);
        var hash = new HashSpy();

        var error = Assert.Throws<DomainException>(() => User.ImportHuman(
            new UserId("1"), TestData.Org, "alice", spoil(TestData.Profile()), "Correct-Horse-7", false, TestData.Strict(), hash.Hash, TestData.Created, TestData.Editor));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Text.InvalidCharacterId, error.Summary.Id);
        Assert.StartsWith(field + " ", error.Summary.Message, StringComparison.Ordinal);
        Assert.Empty(hash.Calls);
    }

    [Theory]
    [InlineData("ali\u0000ce")]
    [InlineData("ali\u200Bce")]
    [InlineData("\u202Eecila")]
    [InlineData("alice\t")]
    public void ImportHuman_and_CreateMachine_refuse_control_and_format_characters_in_the_user_name(string userName)
    {
        var human = Assert.Throws<DomainException>(() => TestData.Human(userName: userName));
        var machine = Assert.Throws<DomainException>(() =>
            User.CreateMachine(new UserId("2"), TestData.Org, userName, new MachineProfile("Robot", "", AccessTokenType.Bearer), TestData.Created, TestData.Editor));

        Assert.Equal(Errors.Text.InvalidCharacterId, human.Summary.Id);
        Assert.Equal(Errors.Text.InvalidCharacterId, machine.Summary.Id);
    }

    [Theory]
    [InlineData("Ro\u0000bot", "")]
    [InlineData("Robot", "does \u202Ethings")]
    [InlineData("Robot", "line\u2029break")]
    public void CreateMachine_refuses_control_and_format_characters_in_name_and_description(string name, string description)
    {
        var error = Assert.Throws<DomainException>(() =>
            User.CreateMachine(new UserId("2"), TestData.Org, "robot", new MachineProfile(name, description, AccessTokenType.Bearer), TestData.Created, TestData.Editor));

        Assert.Equal(Errors.Text.InvalidCharacterId, error.Summary.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my bot")]
    [InlineData("bot/1")]
    [InlineData("b\u00F6t")]
    [InlineData("bot\u0000")]
    [InlineData("bot\u200B")]
    public void Users_are_created_only_with_well_formed_ids(string id)
    {
        var machine = Assert.Throws<DomainException>(() =>
            User.CreateMachine(new UserId(id), TestData.Org, "robot", new MachineProfile("Robot", "", AccessTokenType.Bearer), TestData.Created, TestData.Editor));
        var human = Assert.Throws<DomainException>(() => TestData.Human(id: id));

        Assert.Equal("USER-UserIdInvalid", machine.Summary.Id);
        Assert.Equal("USER-UserIdInvalid", human.Summary.Id);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("352046357291171841", true)]
    [InlineData("my-bot_01", true)]
    [InlineData("ABC-xyz", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("a.b", false)]
    [InlineData("a@b", false)]
    [InlineData("a b", false)]
    [InlineData("é", false)]
    public void IsWellFormedId_allows_ascii_letters_digits_underscore_and_hyphen(string? id, bool expected)
    {
        Assert.Equal(expected, User.IsWellFormedId(id));
    }

    [Fact]
    public void IsWellFormedId_allows_200_characters_and_refuses_201()
    {
        Assert.True(User.IsWellFormedId(new string('a', 200)));
        Assert.False(User.IsWellFormedId(new string('a', 201)));
    }

    // ---- CreateMachine ------------------------------------------------------------------------

    [Fact]
    public void CreateMachine_makes_an_active_machine_user_with_one_event()
    {
        var user = TestData.Machine();

        Assert.Equal(UserType.Machine, user.Type);
        Assert.Equal(UserState.Active, user.State);
        Assert.Equal("robot", user.UserName);
        Assert.NotNull(user.Machine);
        Assert.Null(user.Human);
        Assert.Null(user.PasswordHash);
        Assert.Equal(1, user.Sequence);
        Assert.Equal(TestData.Created, user.CreatedAt);

        var added = Assert.Single(user.PendingEvents);
        Assert.Equal("user.machine.added", added.Type);
        Assert.Equal("Robot", added.Payload["name"]);
        Assert.Equal(TestData.Org.Value, added.ResourceOwner);
    }

    [Theory]
    [InlineData("system:bootstrap")]
    [InlineData("system:")]
    [InlineData("a:b")]
    public void No_user_may_take_an_id_that_reads_as_a_system_editor(string id)
    {
        var machine = Assert.Throws<DomainException>(() => TestData.Machine(id));
        var human = Assert.Throws<DomainException>(() => TestData.Human(id));

        Assert.All([machine, human], e => Assert.Equal((ErrorKind.InvalidArgument, "USER-UserIdInvalid"), (e.Kind, e.Summary.Id)));
        Assert.True(SystemEditor.IsSystem(SystemEditor.Bootstrap));
        Assert.False(SystemEditor.IsSystem("SYSTEM"));
        Assert.Equal("SYSTEM", TestData.Machine("SYSTEM").Id.Value);
    }

    // ---- SetInitialPassword: preconditions ----------------------------------------------------

    [Fact]
    public void SetInitialPassword_on_a_machine_user_fails_and_hashes_nothing()
    {
        var user = TestData.Machine();
        var hash = new HashSpy();

        var error = Assert.Throws<DomainException>(() => user.SetInitialPassword(GoodPassword, TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("USER-NotHuman", error.Summary.Id);
        Assert.Empty(hash.Calls);
        Assert.Equal(1, user.Sequence);
        Assert.Null(user.PasswordHash);
    }

    [Fact]
    public void SetInitialPassword_checks_human_before_state_and_policy()
    {
        var user = TestData.Machine().Reach(UserState.Inactive);

        var error = Assert.Throws<DomainException>(() => user.SetInitialPassword("weak", TestData.Strict(), new HashSpy().Hash, TestData.Now, TestData.Editor));

        Assert.Equal("USER-NotHuman", error.Summary.Id);
    }

    [Fact]
    public void SetInitialPassword_on_a_deactivated_user_fails_and_hashes_nothing()
    {
        var user = TestData.Human(password: GoodPassword).Reach(UserState.Inactive);
        var before = Snapshot(user);
        var hash = new HashSpy();

        var error = Assert.Throws<DomainException>(() => user.SetInitialPassword(GoodPassword, TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("USER-Inactive", error.Summary.Id);
        Assert.Empty(hash.Calls);
        Assert.Equal(before, Snapshot(user));
    }

    [Fact]
    public void SetInitialPassword_checks_state_before_policy()
    {
        var user = TestData.Human(password: GoodPassword).Reach(UserState.Inactive);

        var error = Assert.Throws<DomainException>(() => user.SetInitialPassword("weak", TestData.Strict(), new HashSpy().Hash, TestData.Now, TestData.Editor));

        Assert.Equal("USER-Inactive", error.Summary.Id);
    }

    [Fact]
    public void SetInitialPassword_on_a_removed_user_answers_not_found()
    {
        var user = TestData.Human().Reach(UserState.Removed);
        var hash = new HashSpy();

        var error = Assert.Throws<DomainException>(() => user.SetInitialPassword(GoodPassword, TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("USER-NotFound", error.Summary.Id);
        Assert.Empty(hash.Calls);
    }

    [Fact]
    public void SetInitialPassword_on_a_locked_user_sets_the_password_and_keeps_the_lock()
    {
        var user = TestData.Human().Reach(UserState.Locked);
        var hash = new HashSpy();

        user.SetInitialPassword(GoodPassword, TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor);

        Assert.Equal(UserState.Locked, user.State);
        Assert.Equal(HashSpy.Prefix + "1", user.PasswordHash);
        Assert.True(user.PasswordChangeRequired);
        Assert.Equal(3, user.Sequence); // added, locked, password changed
    }

    [Fact]
    public void SetInitialPassword_moves_an_initial_user_to_active()
    {
        var user = TestData.Human();
        Assert.Equal(UserState.Initial, user.State);

        user.SetInitialPassword(GoodPassword, TestData.Strict(), new HashSpy().Hash, TestData.Now, TestData.Editor);

        Assert.Equal(UserState.Active, user.State);
    }

    [Fact]
    public void SetInitialPassword_keeps_an_active_user_active_and_replaces_the_hash()
    {
        var user = TestData.Human(password: "Original-Pass-1");
        Assert.Equal(UserState.Active, user.State);
        var oldHash = user.PasswordHash;

        user.SetInitialPassword(GoodPassword, TestData.Strict(), _ => "HASH::new", TestData.Now, TestData.Editor);

        Assert.Equal(UserState.Active, user.State);
        Assert.Equal("HASH::new", user.PasswordHash);
        Assert.NotEqual(oldHash, user.PasswordHash);
        Assert.True(user.PasswordChangeRequired);
    }

    // ---- SetInitialPassword: policy -----------------------------------------------------------

    [Fact]
    public void SetInitialPassword_with_a_policy_violation_hashes_nothing_and_changes_nothing()
    {
        var user = TestData.Human();
        user.ClearPendingEvents();
        var before = Snapshot(user);
        var hash = new HashSpy();

        var error = Assert.Throws<DomainException>(() => user.SetInitialPassword("short", TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Policy.PasswordInvalidId, error.Summary.Id);
        Assert.Empty(hash.Calls);
        Assert.Equal(before, Snapshot(user));
        Assert.Empty(user.PendingEvents);
        Assert.Equal(UserState.Initial, user.State);
    }

    [Fact]
    public void SetInitialPassword_with_a_policy_violation_keeps_the_existing_hash()
    {
        var user = TestData.Human(password: "Original-Pass-1");
        var before = Snapshot(user);

        Assert.Throws<DomainException>(() => user.SetInitialPassword("short", TestData.Strict(), new HashSpy().Hash, TestData.Now, TestData.Editor));

        Assert.Equal(before, Snapshot(user));
    }

    [Fact]
    public void SetInitialPassword_reports_every_violation()
    {
        var user = TestData.Human();

        var error = Assert.Throws<DomainException>(() => user.SetInitialPassword("alice", TestData.Strict(), new HashSpy().Hash, TestData.Now, TestData.Editor));

        Assert.Equal(
            new[] { Errors.Policy.MinLengthId, Errors.Policy.HasUppercaseId, Errors.Policy.HasNumberId, Errors.Policy.HasSymbolId, Errors.Policy.PersonalInformationId }.Order(StringComparer.Ordinal),
            error.Details.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Xalice#2024")] // user name "alice"
    [InlineData("Qalice.w#2024")] // email local part "alice.w" (and its part "alice")
    [InlineData("Wonder#2024x")] // last name
    [InlineData("2024#ALICEz")] // first name, other case
    public void SetInitialPassword_refuses_the_users_personal_information(string password)
    {
        var user = TestData.Human(userName: "a.w", profile: TestData.Profile(first: "Alice", last: "Wonder", email: "alice.w@example.com"));
        var hash = new HashSpy();

        var error = Assert.Throws<DomainException>(() => user.SetInitialPassword(password, TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor));

        Assert.Equal([Errors.Policy.PersonalInformationId], error.Details.Select(d => d.Id));
        Assert.Empty(hash.Calls);
    }

    [Fact]
    public void SetInitialPassword_uses_the_email_local_part_not_the_domain()
    {
        var user = TestData.Human(userName: "a.w", profile: TestData.Profile(first: "Ann", last: "Lee", email: "zz@example.com"));

        user.SetInitialPassword("Example#2024", TestData.Strict(), new HashSpy().Hash, TestData.Now, TestData.Editor);

        Assert.NotNull(user.PasswordHash);
    }

    [Fact]
    public void PersonalInformation_lists_user_name_email_local_part_first_and_last_name()
    {
        var user = TestData.Human(userName: "awonder", profile: TestData.Profile(first: "Alice", last: "Wonder", email: "alice.w@example.com"));

        Assert.Equal(["awonder", "alice.w", "Alice", "Wonder"], user.PersonalInformation());
    }

    // ---- SetInitialPassword: success ----------------------------------------------------------

    [Fact]
    public void SetInitialPassword_stores_the_hash_and_records_the_change()
    {
        var user = TestData.Human();
        user.ClearPendingEvents();
        var hash = new HashSpy();

        user.SetInitialPassword(GoodPassword, TestData.Strict(), hash.Hash, TestData.Now, "777");

        Assert.Equal(HashSpy.Prefix + "1", user.PasswordHash);
        Assert.True(user.PasswordChangeRequired);
        Assert.Equal(TestData.Now, user.PasswordChangedAt);
        Assert.Equal(2, user.Sequence);
        Assert.Equal(TestData.Now, user.ChangedAt);
        Assert.Equal(TestData.Created, user.CreatedAt);

        var changed = Assert.Single(user.PendingEvents);
        Assert.Equal("user.human.password.changed", changed.Type);
        Assert.Equal(2, changed.Sequence);
        Assert.Equal(TestData.Now, changed.CreatedAt);
        Assert.Equal("777", changed.EditorId);
        Assert.Equal("1", changed.AggregateId);
        Assert.Equal(TestData.Org.Value, changed.ResourceOwner);
        Assert.Equal(["changeRequired"], changed.Payload.Keys);
        Assert.Equal(true, changed.Payload["changeRequired"]);
        Assert.True(Assert.IsType<InitialPasswordSet>(changed).ChangeRequired);
        AssertNoSecretIn(changed, GoodPassword, user.PasswordHash!);
    }

    [Fact]
    public void SetInitialPassword_appends_its_event_after_earlier_ones()
    {
        var user = TestData.Human();

        user.SetInitialPassword(GoodPassword, TestData.Strict(), new HashSpy().Hash, TestData.Now, TestData.Editor);

        Assert.Equal(["user.human.added", "user.human.password.changed"], user.PendingEvents.Select(e => e.Type));
        Assert.Equal([1L, 2L], user.PendingEvents.Select(e => e.Sequence));
    }

    [Fact]
    public void SetInitialPassword_hashes_the_NFKC_normalized_password_exactly_once()
    {
        var user = TestData.Human();
        var hash = new HashSpy();
        const string input = "Ｃｏｒｒｅｃｔ-Horse-ﬁ7";

        user.SetInitialPassword(input, TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor);

        var hashed = Assert.Single(hash.Calls);
        Assert.Equal(input.Normalize(NormalizationForm.FormKC), hashed);
        Assert.Equal("Correct-Horse-fi7", hashed);
    }

    [Fact]
    public void SetInitialPassword_refuses_null_policy_and_hash()
    {
        var user = TestData.Human();

        Assert.Throws<ArgumentNullException>(() => user.SetInitialPassword(GoodPassword, null!, new HashSpy().Hash, TestData.Now, TestData.Editor));
        Assert.Throws<ArgumentNullException>(() => user.SetInitialPassword(GoodPassword, TestData.Strict(), null!, TestData.Now, TestData.Editor));
        Assert.Equal(1, user.Sequence);
    }

    // ---- AddPersonalAccessToken ---------------------------------------------------------------

    [Fact]
    public void AddPersonalAccessToken_issues_a_token_for_a_machine_user()
    {
        var user = TestData.Machine();
        var expires = TestData.Now.AddDays(30);

        var token = user.AddPersonalAccessToken(new TokenId("t1"), "tokenhash", expires, TestData.Now, TestData.Editor);

        Assert.Equal(new TokenId("t1"), token.Id);
        Assert.Equal(user.Id, token.UserId);
        Assert.Equal("tokenhash", token.TokenHash);
        Assert.Equal(expires, token.ExpiresAt);
        Assert.Equal(TestData.Now, token.CreatedAt);
        Assert.Equal(2, user.Sequence);
        var added = user.PendingEvents[^1];
        Assert.Equal("user.personal.access.token.added", added.Type);
        Assert.Equal("t1", added.Payload["tokenId"]);
        Assert.Equal(new PersonalAccessTokenAdded("t1", expires), Assert.IsType<PersonalAccessTokenAdded>(added) with { AggregateId = "", AggregateType = "", Sequence = 0, CreatedAt = default, EditorId = "", ResourceOwner = "" });
        Assert.DoesNotContain(added.Payload.Values, v => v is string s && s.Contains("tokenhash", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPersonalAccessToken_without_expiration_never_expires()
    {
        var token = TestData.Machine().AddPersonalAccessToken(new TokenId("t1"), "h", null, TestData.Now, TestData.Editor);

        Assert.Null(token.ExpiresAt);
        Assert.True(token.IsValidAt(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void AddPersonalAccessToken_is_for_machine_users_only()
    {
        var user = TestData.Human();

        var error = Assert.Throws<DomainException>(() => user.AddPersonalAccessToken(new TokenId("t1"), "h", null, TestData.Now, TestData.Editor));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("USER-TokenMachineOnly", error.Summary.Id);
        Assert.Equal(1, user.Sequence);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void AddPersonalAccessToken_refuses_an_expiration_not_in_the_future(int seconds)
    {
        var user = TestData.Machine();

        var error = Assert.Throws<DomainException>(() => user.AddPersonalAccessToken(new TokenId("t1"), "h", TestData.Now.AddSeconds(seconds), TestData.Now, TestData.Editor));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("USER-TokenExpirationPast", error.Summary.Id);
        Assert.Equal(1, user.Sequence);
    }

    [Fact]
    public void PersonalAccessToken_is_valid_strictly_before_its_expiry()
    {
        var token = new PersonalAccessToken(new TokenId("t"), new UserId("2"), "h", TestData.Now, TestData.Created);

        Assert.True(token.IsValidAt(TestData.Now.AddTicks(-1)));
        Assert.False(token.IsValidAt(TestData.Now));
        Assert.False(token.IsValidAt(TestData.Now.AddTicks(1)));
    }
}
