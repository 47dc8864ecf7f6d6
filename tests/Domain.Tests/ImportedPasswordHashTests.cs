using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

public class ImportedPasswordHashTests
{
    // The OpenBSD test vector for "U*U" at cost 5; the other prefixes share its salt and hash.
    private const string Body = "05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    public static TheoryData<string> Accepted => new()
    {
        "$2a$" + Body,
        "$2b$" + Body,
        "$2y$" + Body,
        "$2a$04$" + Body[3..],
        "$2b$15$" + Body[3..],
        "$2y$12$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
    };

    public static TheoryData<string?> Refused => new()
    {
        null,
        string.Empty,
        "Correct-Horse-42!",
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
        "$1$saltsalt$hashhashhashhashhash..",
        "$5$rounds=5000$saltsalt$hashhashhashhashhashhashhashhashhashhash123",
        "$2x$" + Body,
        "$2$" + Body,
        "$2A$" + Body,
        "$2a$03$" + Body[3..],
        "$2a$16$" + Body[3..],
        "$2a$31$" + Body[3..],
        "$2a$32$" + Body[3..],
        "$2a$99$" + Body[3..],
        "$2a$5$" + Body[3..],
        "$2a$" + Body + "x",
        "$2a$" + Body[..^1],
        "$2a$" + Body[..^1] + "!",
        "$2a$" + Body[..^1] + "=",
        "$2a$05$" + Body[3..] + new string('a', 500),
        " $2a$" + Body[..^1],
        "AQAAAAIAAYagAAAAEJ9Y8s7m0oA0yT4pVg2n9m4pQ7h3y8e4r0t1u2v3w4x5y6z7a8b9c0d1e2f3g4h5==",
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Well_formed_bcrypt_hashes_are_accepted(string value)
    {
        var hash = BcryptHash.Parse(value);

        Assert.True(BcryptHash.IsWellFormed(value));
        Assert.Equal(value, hash.Value);
        Assert.Equal(int.Parse(value[4..6], System.Globalization.CultureInfo.InvariantCulture), hash.Cost);
        Assert.DoesNotContain(value[7..], hash.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Other_formats_are_refused_without_echoing_the_value(string? value)
    {
        Assert.False(BcryptHash.IsWellFormed(value));
        var e = Assert.Throws<DomainException>(() => BcryptHash.Parse(value));

        Assert.Equal(Errors.User.HashFormatUnsupportedId, e.Summary.Id);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("$2a$, $2b$ or $2y$", e.Summary.Message, StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(value))
        {
            Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(value, e.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ImportHumanWithPasswordHash_stores_the_hash_as_it_is_and_is_active(bool changeRequired)
    {
        var value = "$2b$" + Body;

        var user = User.ImportHumanWithPasswordHash(
            new UserId("1"), TestData.Org, "alice", TestData.Profile(), BcryptHash.Parse(value), changeRequired, TestData.Created, TestData.Editor);

        Assert.Equal(UserState.Active, user.State);
        Assert.Equal(value, user.PasswordHash);
        Assert.Equal(changeRequired, user.PasswordChangeRequired);
        Assert.Equal(TestData.Created, user.PasswordChangedAt);
        Assert.Equal(1, user.Sequence);
        var added = Assert.IsType<HumanUserAdded>(Assert.Single(user.PendingEvents));
        Assert.True(added.PasswordSet);
        Assert.Equal(changeRequired, added.ChangeRequired);
        foreach (var v in added.Payload.Values)
        {
            Assert.DoesNotContain(Body[3..], Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Body[3..], added.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ImportHumanWithPasswordHash_keeps_the_other_import_rules()
    {
        var e = Assert.Throws<DomainException>(() => User.ImportHumanWithPasswordHash(
            new UserId("1"), TestData.Org, "   ", TestData.Profile(), BcryptHash.Parse("$2a$" + Body), false, TestData.Created, TestData.Editor));

        Assert.Equal(Errors.User.UserNameInvalidId, e.Summary.Id);
    }
}

public class PasswordHashUpgradeTests
{
    private const string Bcrypt = "$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    private static User Imported(bool changeRequired = true) =>
        User.ImportHumanWithPasswordHash(new UserId("1"), TestData.Org, "alice", TestData.Profile(), BcryptHash.Parse(Bcrypt), changeRequired, TestData.Created, TestData.Editor);

    [Fact]
    public void A_rehash_request_replaces_the_hash_with_one_of_the_normalized_password_as_one_change()
    {
        var user = Imported();
        var hash = new HashSpy();

        var upgraded = user.UpgradePasswordHash(PasswordVerification.SuccessRehashNeeded, "Ｃorrect-Horse-7", hash.Hash, TestData.Now, "1");

        Assert.True(upgraded);
        Assert.Equal(["Correct-Horse-7"], hash.Calls);
        Assert.Equal(HashSpy.Prefix + "1", user.PasswordHash);
        Assert.Equal(2, user.Sequence);
        Assert.Equal(TestData.Now, user.ChangedAt);
        // the same password: its change date, the change-required flag and the state stay
        Assert.Equal(TestData.Created, user.PasswordChangedAt);
        Assert.True(user.PasswordChangeRequired);
        Assert.Equal(UserState.Active, user.State);
        var e = Assert.IsType<PasswordHashUpgraded>(user.PendingEvents[^1]);
        Assert.Equal("user.human.password.hash.upgraded", e.Type);
        Assert.Equal(2, e.Sequence);
        Assert.Equal("1", e.EditorId);
        Assert.Empty(e.Payload);
    }

    [Theory]
    [InlineData(PasswordVerification.Success)]
    [InlineData(PasswordVerification.Failed)]
    public void Without_a_rehash_request_nothing_changes(PasswordVerification verification)
    {
        var user = Imported();
        var hash = new HashSpy();

        Assert.False(user.UpgradePasswordHash(verification, "Correct-Horse-7", hash.Hash, TestData.Now, "1"));

        Assert.Empty(hash.Calls);
        Assert.Equal(Bcrypt, user.PasswordHash);
        Assert.Equal(1, user.Sequence);
        Assert.Single(user.PendingEvents);
    }

    [Fact]
    public void A_removed_user_is_not_found_and_a_user_without_a_hash_cannot_be_upgraded()
    {
        var removed = Imported();
        removed.Remove(TestData.Now, TestData.Editor);
        var initial = TestData.Human();
        var hash = new HashSpy();

        var e = Assert.Throws<DomainException>(() => removed.UpgradePasswordHash(PasswordVerification.SuccessRehashNeeded, "x", hash.Hash, TestData.Now, "1"));
        Assert.Equal(Errors.User.NotFoundId, e.Summary.Id);
        Assert.Throws<InvalidOperationException>(() => initial.UpgradePasswordHash(PasswordVerification.SuccessRehashNeeded, "x", hash.Hash, TestData.Now, "1"));
        Assert.Throws<InvalidOperationException>(() => TestData.Machine().UpgradePasswordHash(PasswordVerification.SuccessRehashNeeded, "x", hash.Hash, TestData.Now, "1"));
        Assert.Empty(hash.Calls);
    }
}
