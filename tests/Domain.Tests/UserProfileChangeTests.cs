using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>UpdateUserName, UpdateHumanProfile, UpdateHumanEmail and UpdateHumanPhone on the aggregate.</summary>
public class UserProfileChangeTests
{
    private static User Alice()
    {
        var user = TestData.Human(profile: TestData.Profile() with { Phone = "+41710000000", IsEmailVerified = false });
        user.ClearPendingEvents();
        return user;
    }

    [Fact]
    public void A_new_user_name_changes_the_name_and_its_key_raises_the_sequence_and_records_the_new_name()
    {
        var user = Alice();
        var sequence = user.Sequence;

        user.ChangeUserName("  Bob  ", TestData.Now, TestData.Editor);

        Assert.Equal(("Bob", "BOB", sequence + 1, TestData.Now), (user.UserName, user.UserNameKey, user.Sequence, user.ChangedAt));
        var changed = Assert.IsType<UserNameChanged>(Assert.Single(user.PendingEvents));
        Assert.Equal("Bob", changed.Payload["userName"]);
    }

    [Fact]
    public void The_same_user_name_is_not_changed_but_another_case_of_it_is()
    {
        var user = Alice();

        var same = Assert.Throws<DomainException>(() => user.ChangeUserName("alice", TestData.Now, TestData.Editor));
        Assert.Equal(Errors.Command.UserNameNotChangedId, same.Summary.Id);
        Assert.Empty(user.PendingEvents);

        user.ChangeUserName("ALICE", TestData.Now, TestData.Editor);
        Assert.Equal("ALICE", user.UserName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_user_name_is_refused(string name) =>
        Assert.Equal(Errors.User.UserNameInvalidId, Assert.Throws<DomainException>(() => Alice().ChangeUserName(name, TestData.Now, TestData.Editor)).Summary.Id);

    [Fact]
    public void A_removed_user_changes_nothing()
    {
        var user = Alice().Reach(UserState.Removed);

        Assert.Equal(Errors.User.NotFoundId, Assert.Throws<DomainException>(() => user.ChangeUserName("bob", TestData.Now, TestData.Editor)).Summary.Id);
        Assert.Equal(Errors.User.NotFoundId, Assert.Throws<DomainException>(() => user.ChangeEmail("b@x.test", false, TestData.Now, TestData.Editor)).Summary.Id);
    }

    [Fact]
    public void The_profile_is_replaced_but_email_and_phone_stay()
    {
        var user = Alice();

        user.ChangeProfile("Al", "Ice", "Ali", "Al Ice", "de", Gender.Female, TestData.Now, TestData.Editor);

        var h = user.Human!;
        Assert.Equal(("Al", "Ice", "Ali", "Al Ice", "de", Gender.Female), (h.FirstName, h.LastName, h.NickName, h.DisplayName, h.PreferredLanguage, h.Gender));
        Assert.Equal(("alice.w@example.com", "+41710000000"), (h.Email, h.Phone));
        var changed = Assert.IsType<HumanProfileChanged>(Assert.Single(user.PendingEvents));
        Assert.Equal("Female", changed.Payload["gender"]);
    }

    [Fact]
    public void The_same_profile_is_not_changed()
    {
        var user = Alice();
        var h = user.Human!;

        var e = Assert.Throws<DomainException>(() => user.ChangeProfile(h.FirstName, h.LastName, h.NickName, h.DisplayName, h.PreferredLanguage, h.Gender, TestData.Now, TestData.Editor));

        Assert.Equal(Errors.Command.ProfileNotChangedId, e.Summary.Id);
        Assert.Empty(user.PendingEvents);
    }

    [Fact]
    public void A_machine_has_no_profile_email_or_phone()
    {
        var machine = TestData.Machine();

        Assert.Equal(Errors.User.NotHumanId, Assert.Throws<DomainException>(() => machine.ChangeProfile("A", "B", "", "A B", "", Gender.Unspecified, TestData.Now, TestData.Editor)).Summary.Id);
        Assert.Equal(Errors.User.NotHumanId, Assert.Throws<DomainException>(() => machine.ChangeEmail("a@b.test", true, TestData.Now, TestData.Editor)).Summary.Id);
        Assert.Equal(Errors.User.NotHumanId, Assert.Throws<DomainException>(() => machine.ChangePhone("+41710000000", true, TestData.Now, TestData.Editor)).Summary.Id);
    }

    [Fact]
    public void A_new_email_of_a_verified_user_is_unverified_unless_the_request_says_so()
    {
        var user = TestData.Human(profile: TestData.Profile() with { IsEmailVerified = true });

        user.ChangeEmail("new@example.com", verified: false, TestData.Now, TestData.Editor);
        Assert.Equal(("new@example.com", false), (user.Human!.Email, user.Human.IsEmailVerified));

        user.ChangeEmail("newer@example.com", verified: true, TestData.Now, TestData.Editor);
        Assert.Equal(("newer@example.com", true), (user.Human!.Email, user.Human.IsEmailVerified));
        var last = Assert.IsType<HumanEmailChanged>(user.PendingEvents[^1]);
        Assert.Equal(true, last.Payload["isEmailVerified"]);
    }

    [Fact]
    public void The_same_email_only_changes_when_an_unverified_one_is_declared_verified()
    {
        var user = Alice();

        Assert.Equal(Errors.Command.EmailNotChangedId, Assert.Throws<DomainException>(() => user.ChangeEmail("ALICE.W@example.com", false, TestData.Now, TestData.Editor)).Summary.Id);
        user.ChangeEmail("alice.w@example.com", true, TestData.Now, TestData.Editor);
        Assert.True(user.Human!.IsEmailVerified);
        Assert.IsType<HumanEmailVerified>(Assert.Single(user.PendingEvents));

        // verified stays verified: "not verified" for the same address is no change (and never unverifies silently)
        Assert.Equal(Errors.Command.EmailNotChangedId, Assert.Throws<DomainException>(() => user.ChangeEmail("alice.w@example.com", false, TestData.Now, TestData.Editor)).Summary.Id);
        Assert.Equal(Errors.Command.EmailNotChangedId, Assert.Throws<DomainException>(() => user.ChangeEmail("alice.w@example.com", true, TestData.Now, TestData.Editor)).Summary.Id);
    }

    [Fact]
    public void A_phone_is_stored_in_e164_form_and_compared_in_it()
    {
        var user = Alice();

        Assert.Equal(Errors.Command.PhoneNotChangedId, Assert.Throws<DomainException>(() => user.ChangePhone("+41 71 000 00 00", false, TestData.Now, TestData.Editor)).Summary.Id);
        user.ChangePhone("+1 (415) 555-0100", false, TestData.Now, TestData.Editor);

        Assert.Equal(("+14155550100", false), (user.Human!.Phone, user.Human.IsPhoneVerified));
        var changed = Assert.IsType<HumanPhoneChanged>(Assert.Single(user.PendingEvents));
        Assert.Equal("+14155550100", changed.Payload["phone"]);
        user.ChangePhone("+14155550100", true, TestData.Now, TestData.Editor);
        Assert.True(user.Human!.IsPhoneVerified);
        Assert.IsType<HumanPhoneVerified>(user.PendingEvents[^1]);
    }

    [Theory]
    [InlineData("+41 71 000 00 00", "+41710000000")]
    [InlineData("+1-415-555-0100", "+14155550100")]
    [InlineData("+123456789012345", "+123456789012345")]
    [InlineData("+1234567", "+1234567")]
    [InlineData("0041710000000", null)]
    [InlineData("+0123456789", null)]
    [InlineData("+123456", null)]
    [InlineData("+1234567890123456", null)]
    [InlineData("+41 71 abc", null)]
    [InlineData("+", null)]
    [InlineData("", null)]
    public void The_phone_rule_is_plus_and_7_to_15_digits(string phone, string? normal) =>
        Assert.Equal(normal, PhoneNumber.Normalize(phone));

    [Fact]
    public void The_change_events_hold_no_secret()
    {
        var user = Alice();
        user.ChangeUserName("bob", TestData.Now, TestData.Editor);
        user.ChangeEmail("b@example.com", false, TestData.Now, TestData.Editor);

        Assert.All(user.PendingEvents.SelectMany(e => e.Payload.Keys), k => Assert.DoesNotContain("password", k, StringComparison.OrdinalIgnoreCase));
    }
}
