using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>User.SetPassword (SetHumanPassword, v2 SetPassword): the rules of SetInitialPassword, the flag as asked, one event.</summary>
public class UserSetPasswordTests
{
    private const string Old = "Correct-Horse-7";
    private const string New = "Other-Meadow-42!";

    [Theory]
    [InlineData(true, PasswordSetter.Administrator, "administrator")]
    [InlineData(false, PasswordSetter.User, "user")]
    public void SetPassword_stores_the_hash_sets_the_flag_as_asked_and_records_who_set_it(bool changeRequired, PasswordSetter setBy, string setByText)
    {
        var user = TestData.Human(password: Old);
        user.ClearPendingEvents();
        var hash = new HashSpy();

        user.SetPassword(New, changeRequired, setBy, TestData.Strict(), hash.Hash, TestData.Now, "777");

        Assert.Equal(HashSpy.Prefix + "1", user.PasswordHash);
        Assert.Equal([New], hash.Calls);
        Assert.Equal(changeRequired, user.PasswordChangeRequired);
        Assert.Equal(TestData.Now, user.PasswordChangedAt);
        Assert.Equal(UserState.Active, user.State);
        Assert.Equal(2, user.Sequence);
        var changed = Assert.Single(user.PendingEvents);
        Assert.Equal("user.human.password.changed", changed.Type);
        Assert.Equal("777", changed.EditorId);
        Assert.Equal(2, changed.Sequence);
        Assert.Equal(["changeRequired", "setBy"], changed.Payload.Keys);
        Assert.Equal(changeRequired, changed.Payload["changeRequired"]);
        Assert.Equal(setByText, changed.Payload["setBy"]);
        var typed = Assert.IsType<PasswordChanged>(changed);
        Assert.Equal((changeRequired, setBy), (typed.ChangeRequired, typed.SetBy));
        foreach (var value in changed.Payload.Values)
        {
            var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            Assert.DoesNotContain(New, text, StringComparison.Ordinal);
            Assert.DoesNotContain(HashSpy.Prefix, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_self_set_password_clears_the_forced_change_flag_of_an_initial_password()
    {
        var user = TestData.Human();
        user.SetInitialPassword(Old, TestData.Strict(), new HashSpy().Hash, TestData.Created, TestData.Editor);
        Assert.True(user.PasswordChangeRequired);

        user.SetPassword(New, changeRequired: false, PasswordSetter.User, TestData.Strict(), new HashSpy().Hash, TestData.Now, user.Id.Value);

        Assert.False(user.PasswordChangeRequired);
        Assert.Equal(TestData.Now, user.PasswordChangedAt);
    }

    [Fact]
    public void SetPassword_moves_an_initial_user_to_active_and_keeps_a_locked_user_locked()
    {
        var initial = TestData.Human();
        initial.SetPassword(New, true, PasswordSetter.Administrator, TestData.Strict(), new HashSpy().Hash, TestData.Now, TestData.Editor);
        Assert.Equal(UserState.Active, initial.State);

        var locked = TestData.Human(password: Old).Reach(UserState.Locked);
        locked.SetPassword(New, true, PasswordSetter.Administrator, TestData.Strict(), new HashSpy().Hash, TestData.Now, TestData.Editor);
        Assert.Equal(UserState.Locked, locked.State);
    }

    [Fact]
    public void SetPassword_refuses_machines_deactivated_and_removed_users_and_hashes_nothing()
    {
        var hash = new HashSpy();
        var cases = new (User User, string Id)[]
        {
            (TestData.Machine(), "USER-NotHuman"),
            (TestData.Human(password: Old).Reach(UserState.Inactive), "USER-Inactive"),
            (TestData.Human(password: Old).Reach(UserState.Removed), "USER-NotFound"),
        };
        foreach (var (user, id) in cases)
        {
            var sequence = user.Sequence;
            var storedHash = user.PasswordHash;
            var error = Assert.Throws<DomainException>(() => user.SetPassword(New, false, PasswordSetter.Administrator, TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor));
            Assert.Equal(id, error.Summary.Id);
            Assert.Equal(sequence, user.Sequence);
            Assert.Equal(storedHash, user.PasswordHash);
        }

        Assert.Empty(hash.Calls);
    }

    [Fact]
    public void SetPassword_reports_every_policy_violation_including_personal_information_and_changes_nothing()
    {
        var user = TestData.Human(password: Old);
        var before = (user.Sequence, user.PasswordHash, user.PasswordChangeRequired);
        var hash = new HashSpy();

        var error = Assert.Throws<DomainException>(() => user.SetPassword("alice", false, PasswordSetter.User, TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor));

        Assert.Equal(
            new[] { Errors.Policy.MinLengthId, Errors.Policy.HasUppercaseId, Errors.Policy.HasNumberId, Errors.Policy.HasSymbolId, Errors.Policy.PersonalInformationId }.Order(StringComparer.Ordinal),
            error.Details.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Empty(hash.Calls);
        Assert.Equal(before, (user.Sequence, user.PasswordHash, user.PasswordChangeRequired));
    }

    [Fact]
    public void SetPassword_hashes_the_NFKC_normalized_password()
    {
        var user = TestData.Human(password: Old);
        var hash = new HashSpy();

        user.SetPassword("Ｃｏｒｒｅｃｔ-Horse-ﬁ7", false, PasswordSetter.User, TestData.Strict(), hash.Hash, TestData.Now, TestData.Editor);

        Assert.Equal(["Correct-Horse-fi7"], hash.Calls);
    }
}
