using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>Password reset codes on the user: only the hash is kept, single use, expiry, attempt limit, voided by any new password.</summary>
public class UserPasswordResetCodeTests
{
    private const string Old = "Correct-Horse-7";
    private const string New = "Other-Meadow-42!";
    private const string CodeHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string OtherHash = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private static readonly DateTimeOffset Expiry = TestData.Now.AddHours(1);

    private static User WithCode()
    {
        var user = TestData.Human(password: Old);
        user.RequestPasswordReset(CodeHash, Expiry, TestData.Now, "777");
        user.ClearPendingEvents();
        return user;
    }

    private static bool Reset(User user, string codeHash, DateTimeOffset? at = null, HashSpy? hash = null) =>
        user.ResetPasswordWithCode(codeHash, New, false, TestData.Strict(), (hash ?? new HashSpy()).Hash, at ?? TestData.Now, "888");

    [Fact]
    public void A_request_keeps_only_the_hash_and_its_expiry_and_records_an_event_without_the_code()
    {
        var user = TestData.Human(password: Old);
        user.ClearPendingEvents();

        user.RequestPasswordReset(CodeHash, Expiry, TestData.Now, "777");

        Assert.Equal((CodeHash, Expiry, 0), (user.PasswordCodeHash, user.PasswordCodeExpiresAt, user.PasswordCodeFailedAttempts));
        var added = Assert.Single(user.PendingEvents);
        Assert.Equal("user.human.password.code.added", added.Type);
        Assert.Equal(["expiresAt"], added.Payload.Keys);
        Assert.Equal(Expiry, added.Payload["expiresAt"]);
        Assert.Equal(UserState.Active, user.State);
    }

    [Fact]
    public void Only_a_human_that_is_neither_removed_nor_deactivated_gets_a_code()
    {
        var cases = new (User User, string Id)[]
        {
            (TestData.Machine(), "USER-NotHuman"),
            (TestData.Human(password: Old).Reach(UserState.Inactive), "USER-Inactive"),
            (TestData.Human(password: Old).Reach(UserState.Removed), "USER-NotFound"),
        };
        foreach (var (user, id) in cases)
        {
            var sequence = user.Sequence;
            var error = Assert.Throws<DomainException>(() => user.RequestPasswordReset(CodeHash, Expiry, TestData.Now, "777"));
            Assert.Equal(id, error.Summary.Id);
            Assert.Equal(sequence, user.Sequence);
            Assert.Null(user.PasswordCodeHash);
        }
    }

    [Fact]
    public void A_request_by_email_records_the_template_and_issues_no_code()
    {
        var user = WithCode();

        user.RequestPasswordResetEmail("https://x.test/r?c={{.Code}}", TestData.Now, "777");
        user.RequestPasswordResetEmail(null, TestData.Now, "777");

        Assert.Equal(CodeHash, user.PasswordCodeHash); // an open code stays until the email issues a new one
        Assert.Equal(2, user.PendingEvents.Count);
        Assert.All(user.PendingEvents, e => Assert.Equal("user.human.password.reset.email.requested", e.Type));
        Assert.Equal("https://x.test/r?c={{.Code}}", user.PendingEvents[0].Payload["urlTemplate"]);
        Assert.Null(user.PendingEvents[1].Payload["urlTemplate"]);

        foreach (var (other, id) in new (User, string)[]
        {
            (TestData.Machine(), "USER-NotHuman"),
            (TestData.Human(password: Old).Reach(UserState.Inactive), "USER-Inactive"),
            (TestData.Human(password: Old).Reach(UserState.Removed), "USER-NotFound"),
        })
        {
            var sequence = other.Sequence;
            Assert.Equal(id, Assert.Throws<DomainException>(() => other.RequestPasswordResetEmail(null, TestData.Now, "777")).Summary.Id);
            Assert.Equal(sequence, other.Sequence);
        }
    }

    [Fact]
    public void The_right_code_sets_the_password_once_clears_the_forced_change_and_the_code()
    {
        var user = WithCode();
        var hash = new HashSpy();

        Assert.True(Reset(user, CodeHash, hash: hash));

        Assert.Equal([New], hash.Calls);
        Assert.Equal(HashSpy.Prefix + "1", user.PasswordHash);
        Assert.False(user.PasswordChangeRequired);
        Assert.Null(user.PasswordCodeHash);
        Assert.Null(user.PasswordCodeExpiresAt);
        var changed = Assert.IsType<PasswordChanged>(Assert.Single(user.PendingEvents));
        Assert.Equal(PasswordSetter.ResetCode, changed.SetBy);
        Assert.Equal("resetCode", changed.Payload["setBy"]);

        // Used: the same code again is refused as "no code".
        user.ClearPendingEvents();
        Assert.False(Reset(user, CodeHash));
        var failed = Assert.IsType<PasswordCodeCheckFailed>(Assert.Single(user.PendingEvents));
        Assert.Equal(PasswordCodeFailure.NoCode, failed.Reason);
        Assert.Equal(HashSpy.Prefix + "1", user.PasswordHash);
    }

    [Fact]
    public void A_weak_new_password_with_the_right_code_changes_nothing_and_keeps_the_code()
    {
        var user = WithCode();
        var sequence = user.Sequence;

        Assert.Throws<DomainException>(() => user.ResetPasswordWithCode(CodeHash, "weak", false, TestData.Strict(), new HashSpy().Hash, TestData.Now, "888"));

        Assert.Equal(sequence, user.Sequence);
        Assert.Equal(CodeHash, user.PasswordCodeHash);
    }

    [Fact]
    public void Wrong_codes_are_counted_and_the_fifth_voids_the_code_so_the_right_one_no_longer_works()
    {
        var user = WithCode();
        var storedHash = user.PasswordHash;
        for (var attempt = 1; attempt <= User.MaxPasswordCodeAttempts; attempt++)
        {
            Assert.False(Reset(user, OtherHash));
            var failed = Assert.IsType<PasswordCodeCheckFailed>(user.PendingEvents[^1]);
            Assert.Equal(PasswordCodeFailure.Wrong, failed.Reason);
            Assert.Equal(attempt, failed.FailedAttempts);
            Assert.Equal(attempt == User.MaxPasswordCodeAttempts, failed.Voided);
            Assert.Equal("user.human.password.code.failed", failed.Type);
            Assert.Equal(["reason", "failedAttempts", "voided"], failed.Payload.Keys);
            Assert.DoesNotContain(failed.Payload.Values, v => Equals(v, OtherHash) || Equals(v, CodeHash));
        }

        Assert.Null(user.PasswordCodeHash);
        Assert.False(Reset(user, CodeHash));
        Assert.Equal(PasswordCodeFailure.NoCode, Assert.IsType<PasswordCodeCheckFailed>(user.PendingEvents[^1]).Reason);
        Assert.Equal(storedHash, user.PasswordHash);
    }

    [Fact]
    public void An_expired_code_is_refused_and_voided()
    {
        var user = WithCode();

        Assert.False(Reset(user, CodeHash, at: Expiry));

        var failed = Assert.IsType<PasswordCodeCheckFailed>(Assert.Single(user.PendingEvents));
        Assert.Equal((PasswordCodeFailure.Expired, true), (failed.Reason, failed.Voided));
        Assert.Equal("expired", failed.Payload["reason"]);
        Assert.Null(user.PasswordCodeHash);
        Assert.False(Reset(user, CodeHash, at: TestData.Now));
    }

    [Fact]
    public void Any_other_new_password_voids_the_open_code()
    {
        var admin = WithCode();
        admin.SetPassword(New, true, PasswordSetter.Administrator, TestData.Strict(), new HashSpy().Hash, TestData.Now, "777");
        Assert.Null(admin.PasswordCodeHash);
        Assert.False(Reset(admin, CodeHash));

        var initial = TestData.Human();
        initial.RequestPasswordReset(CodeHash, Expiry, TestData.Now, "777");
        initial.SetInitialPassword(New, TestData.Strict(), new HashSpy().Hash, TestData.Now, "777");
        Assert.Null(initial.PasswordCodeHash);
    }

    [Fact]
    public void A_new_request_replaces_the_open_code_and_starts_the_count_again()
    {
        var user = WithCode();
        Assert.False(Reset(user, OtherHash));

        user.RequestPasswordReset(OtherHash, Expiry, TestData.Now, "777");

        Assert.Equal(0, user.PasswordCodeFailedAttempts);
        Assert.False(Reset(user, CodeHash));
        Assert.True(Reset(user, OtherHash));
    }
}
