using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>
/// The password history rule on every path of a new password (initial, administrator or self, reset code):
/// the N most recent passwords, the current one included, are refused by verifying against the kept hashes.
/// </summary>
public class UserPasswordHistoryTests
{
    private const string P1 = "First-Meadow-11!";
    private const string P2 = "Second-River-22!";
    private const string P3 = "Third-Forest-33!";
    private const string P4 = "Fourth-Valley-44!";

    /// <summary>A reversible fake hasher: the hash names the password, and the verifier counts its calls.</summary>
    private sealed class Hasher
    {
        public int Verifications { get; private set; }

        public static string Hash(NormalizedPassword password) => "H:" + password.Value;

        public bool Matches(string hash, NormalizedPassword password)
        {
            Verifications++;
            return string.Equals(hash, "H:" + password.Value, StringComparison.Ordinal);
        }
    }

    private static PasswordPolicy Policy(Hasher hasher, int depth) =>
        new(new PasswordComplexityPolicy(1, false, false, false, false), null, false) { History = new PasswordHistoryRule(depth, hasher.Matches) };

    private static User UserWith(PasswordPolicy policy, params string[] passwords)
    {
        var user = TestData.Human();
        var at = TestData.Created;
        foreach (var password in passwords)
        {
            at = at.AddDays(1);
            user.SetPassword(password, false, PasswordSetter.User, policy, Hasher.Hash, at, user.Id.Value);
        }

        user.ClearPendingEvents();
        return user;
    }

    private static void AssertReused(DomainException error, params string[] secrets)
    {
        Assert.Equal(Errors.Policy.PasswordReusedId, error.Summary.Id);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Policy.MinLength.Kind, error.Kind);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.Summary.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("H:", error.Summary.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2026", error.Summary.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_current_password_is_refused_and_nothing_changes()
    {
        var hasher = new Hasher();
        var policy = Policy(hasher, 5);
        var user = UserWith(policy, P1, P2);
        var sequence = user.Sequence;

        var error = Assert.Throws<DomainException>(() => user.SetPassword(P2, false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "1"));

        AssertReused(error, P2);
        Assert.Equal("H:" + P2, user.PasswordHash);
        Assert.Equal(sequence, user.Sequence);
        Assert.Empty(user.PendingEvents);
        Assert.Single(user.PasswordHistory);
    }

    [Fact]
    public void An_older_password_within_the_depth_is_refused_on_every_path()
    {
        var hasher = new Hasher();
        var policy = Policy(hasher, 3);
        var user = UserWith(policy, P1, P2, P3);

        AssertReused(Assert.Throws<DomainException>(() => user.SetPassword(P2, true, PasswordSetter.Administrator, policy, Hasher.Hash, TestData.Now, "9")), P2);
        AssertReused(Assert.Throws<DomainException>(() => user.SetInitialPassword(P2, policy, Hasher.Hash, TestData.Now, "9")), P2);
        user.RequestPasswordReset("CODEHASH", TestData.Now.AddHours(1), TestData.Now, "9");
        AssertReused(Assert.Throws<DomainException>(() => user.ResetPasswordWithCode("CODEHASH", P1, false, policy, Hasher.Hash, TestData.Now, "9")), P1);
        Assert.Equal("H:" + P3, user.PasswordHash);
    }

    [Fact]
    public void The_password_one_beyond_the_depth_is_accepted_again()
    {
        var hasher = new Hasher();
        var policy = Policy(hasher, 3);
        var user = UserWith(policy, P1, P2, P3);
        Assert.Throws<DomainException>(() => user.SetPassword(P1, false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "1"));

        user.SetPassword(P4, false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "1");
        user.SetPassword(P1, false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now.AddDays(1), "1");

        Assert.Equal("H:" + P1, user.PasswordHash);
    }

    [Fact]
    public void The_history_keeps_the_depth_minus_one_former_hashes_newest_first_with_when_they_were_set()
    {
        var hasher = new Hasher();
        var policy = Policy(hasher, 3);
        var user = UserWith(policy, P1, P2, P3, P4);

        Assert.Equal(["H:" + P3, "H:" + P2], user.PasswordHistory.OrderByDescending(e => e.Number).Select(e => e.Hash));
        Assert.Equal([TestData.Created.AddDays(3), TestData.Created.AddDays(2)], user.PasswordHistory.OrderByDescending(e => e.Number).Select(e => e.SetAt));
        Assert.Equal(TestData.Created.AddDays(4), user.PasswordChangedAt);
        Assert.DoesNotContain("H:", user.PasswordHistory[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_lower_depth_trims_the_kept_hashes_on_the_next_write()
    {
        var hasher = new Hasher();
        var user = UserWith(Policy(hasher, 5), P1, P2, P3);
        Assert.Equal(2, user.PasswordHistory.Count);

        user.SetPassword(P4, false, PasswordSetter.User, Policy(hasher, 2), Hasher.Hash, TestData.Now, "1");

        Assert.Equal(["H:" + P3], user.PasswordHistory.Select(e => e.Hash));
    }

    [Fact]
    public void The_check_costs_at_most_depth_verifications_and_runs_only_after_the_policy_passed()
    {
        var hasher = new Hasher();
        var policy = Policy(hasher, 3);
        var user = UserWith(policy, P1, P2, P3, P4);
        var strict = new PasswordPolicy(PasswordComplexityPolicy.Default, null, false) { History = policy.History };
        var before = hasher.Verifications;

        Assert.Throws<DomainException>(() => user.SetPassword("short", false, PasswordSetter.User, strict, Hasher.Hash, TestData.Now, "1"));
        Assert.Equal(before, hasher.Verifications);

        user.SetPassword("Brand-New-Sky-55!", false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "1");
        Assert.Equal(before + 3, hasher.Verifications);
    }

    [Fact]
    public void The_new_password_is_compared_in_its_normal_form()
    {
        var hasher = new Hasher();
        var policy = Policy(hasher, 2);
        var user = UserWith(policy, "ﬁeld-Stone-77!", P2);

        // NFKC folds the ligature: the same password as the one kept.
        AssertReused(Assert.Throws<DomainException>(() => user.SetPassword("field-Stone-77!", false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "1")), "field");
    }

    [Fact]
    public void Depth_zero_allows_reuse_and_keeps_nothing()
    {
        var user = UserWith(Policy(new Hasher(), 5), P1, P2);
        Assert.Single(user.PasswordHistory);
        var hasher = new Hasher();
        var policy = Policy(hasher, 0);

        user.SetPassword(P2, false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "1");
        user.SetPassword(P1, false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "1");

        Assert.Empty(user.PasswordHistory);
        Assert.Equal("H:" + P1, user.PasswordHash);
        Assert.Equal(0, hasher.Verifications);
    }

    [Fact]
    public void Depth_one_refuses_only_the_current_password_and_keeps_no_former_hash()
    {
        var hasher = new Hasher();
        var policy = Policy(hasher, 1);
        var user = UserWith(policy, P1, P2);

        Assert.Empty(user.PasswordHistory);
        AssertReused(Assert.Throws<DomainException>(() => user.SetPassword(P2, false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "1")), P2);
        user.SetPassword(P1, false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "1");
    }

    [Fact]
    public void A_hash_upgrade_at_sign_in_replaces_the_current_hash_without_a_history_entry()
    {
        var hasher = new Hasher();
        var policy = Policy(hasher, 5);
        var user = UserWith(policy, P1, P2);

        Assert.True(user.UpgradePasswordHash(PasswordVerification.SuccessRehashNeeded, P2, p => "H2:" + p.Value, TestData.Now, "1"));

        Assert.Equal(["H:" + P1], user.PasswordHistory.Select(e => e.Hash));
        Assert.Equal("H2:" + P2, user.PasswordHash);
    }

    [Fact]
    public void An_imported_user_has_no_history_but_its_imported_password_counts_as_the_current_one()
    {
        var hasher = new Hasher();
        var policy = Policy(hasher, 5);
        var user = User.ImportHuman(new UserId("5"), TestData.Org, "bob", TestData.Profile("Bob", "Builder", "b@example.com"), P1, false, policy, Hasher.Hash, TestData.Created, TestData.Editor);

        Assert.Empty(user.PasswordHistory);
        AssertReused(Assert.Throws<DomainException>(() => user.SetPassword(P1, false, PasswordSetter.User, policy, Hasher.Hash, TestData.Now, "5")), P1);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(PasswordHistoryRule.MaxDepth + 1)]
    public void The_depth_is_bounded(int depth) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHistoryRule(depth, (_, _) => false));
}
