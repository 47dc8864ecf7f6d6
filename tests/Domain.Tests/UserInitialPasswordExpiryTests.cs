using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>
/// Expiring initial passwords: a password set by an administrator with change required stops working for
/// sign-in after the lifetime if it was never used; its first use ends the expiry; any other password ends it.
/// </summary>
public class UserInitialPasswordExpiryTests
{
    private const string Initial = "Initial-Meadow-11!";
    private const string Own = "Own-River-22!";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private static PasswordPolicy Policy(TimeSpan? lifetime = null) =>
        new(new PasswordComplexityPolicy(1, false, false, false, false), null, false) { InitialPasswordLifetime = lifetime ?? Lifetime };

    private static string Hash(NormalizedPassword password) => "H:" + password.Value;

    private static User WithInitialPassword()
    {
        var user = TestData.Human();
        user.SetInitialPassword(Initial, Policy(), Hash, TestData.Now, TestData.Editor);
        user.ClearPendingEvents();
        return user;
    }

    [Fact]
    public void An_initial_password_expires_after_the_lifetime_if_unused()
    {
        var user = WithInitialPassword();

        Assert.Equal(TestData.Now + Lifetime, user.InitialPasswordExpiresAt);
        Assert.False(user.InitialPasswordHasExpired(TestData.Now + Lifetime - TimeSpan.FromSeconds(1)));
        Assert.True(user.InitialPasswordHasExpired(TestData.Now + Lifetime));
        Assert.True(user.PasswordChangeRequired);
    }

    [Theory]
    [InlineData(true, PasswordSetter.Administrator, true)]
    [InlineData(false, PasswordSetter.Administrator, false)]
    [InlineData(true, PasswordSetter.User, false)]
    [InlineData(false, PasswordSetter.User, false)]
    [InlineData(true, PasswordSetter.ResetCode, false)]
    public void Only_an_administrators_password_with_change_required_expires(bool changeRequired, PasswordSetter setBy, bool expires)
    {
        var user = WithInitialPassword();

        user.SetPassword(Own, changeRequired, setBy, Policy(), Hash, TestData.Now.AddDays(1), "9");

        Assert.Equal(expires ? TestData.Now.AddDays(1) + Lifetime : null, user.InitialPasswordExpiresAt);
        Assert.False(user.InitialPasswordHasExpired(TestData.Now.AddYears(1)) && !expires);
    }

    [Fact]
    public void An_imported_password_with_change_required_does_not_expire()
    {
        var user = User.ImportHuman(new UserId("5"), TestData.Org, "bob", TestData.Profile("Bob", "Builder", "b@example.com"), Initial, true, Policy(), Hash, TestData.Created, TestData.Editor);

        Assert.True(user.PasswordChangeRequired);
        Assert.Null(user.InitialPasswordExpiresAt);
        Assert.False(user.InitialPasswordHasExpired(TestData.Created.AddYears(1)));
    }

    [Fact]
    public void Lifetime_zero_means_it_never_expires()
    {
        var user = TestData.Human();
        user.SetInitialPassword(Initial, Policy(TimeSpan.Zero), Hash, TestData.Now, TestData.Editor);

        Assert.Null(user.InitialPasswordExpiresAt);
        Assert.False(user.InitialPasswordHasExpired(TestData.Now.AddYears(10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void The_first_use_ends_the_expiry_once_with_an_event_and_the_change_stays_required()
    {
        var user = WithInitialPassword();

        Assert.True(user.UseInitialPassword(TestData.Now.AddDays(1), user.Id.Value));
        Assert.False(user.UseInitialPassword(TestData.Now.AddDays(2), user.Id.Value));

        Assert.Null(user.InitialPasswordExpiresAt);
        Assert.False(user.InitialPasswordHasExpired(TestData.Now.AddYears(1)));
        Assert.True(user.PasswordChangeRequired);
        var used = Assert.IsType<InitialPasswordUsed>(Assert.Single(user.PendingEvents));
        Assert.Equal("user.human.password.initial.used", used.Type);
        Assert.Empty(used.Payload);
        Assert.Equal(user.Id.Value, used.EditorId);
    }

    [Fact]
    public void An_expired_initial_password_cannot_be_used_and_its_refusal_is_recorded_without_a_secret()
    {
        var user = WithInitialPassword();
        var after = TestData.Now + Lifetime + TimeSpan.FromMinutes(1);

        Assert.Throws<InvalidOperationException>(() => user.UseInitialPassword(after, user.Id.Value));
        Assert.False(user.RecordExpiredInitialPasswordRefused(TestData.Now.AddDays(1), user.Id.Value));
        Assert.True(user.RecordExpiredInitialPasswordRefused(after, user.Id.Value));

        var expired = Assert.IsType<InitialPasswordExpired>(Assert.Single(user.PendingEvents));
        Assert.Equal("user.human.password.initial.expired", expired.Type);
        Assert.Equal(["expiresAt"], expired.Payload.Keys);
        Assert.Equal(TestData.Now + Lifetime, expired.Payload["expiresAt"]);
        Assert.Equal(TestData.Now + Lifetime, user.InitialPasswordExpiresAt);
    }

    [Fact]
    public void A_new_initial_password_by_an_administrator_starts_a_new_lifetime_and_a_self_set_one_never_expires()
    {
        var user = WithInitialPassword();
        var later = TestData.Now.AddDays(30);

        user.SetInitialPassword("Second-Initial-33!", Policy(), Hash, later, TestData.Editor);
        Assert.Equal(later + Lifetime, user.InitialPasswordExpiresAt);

        user.SetPassword(Own, false, PasswordSetter.User, Policy(), Hash, later.AddDays(1), user.Id.Value);
        Assert.Null(user.InitialPasswordExpiresAt);
        Assert.False(user.InitialPasswordHasExpired(later.AddYears(5)));
    }
}
