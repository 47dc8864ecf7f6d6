using System.Text;
using Identity.Domain.Common;
using Identity.Domain.Passwords;

namespace Identity.Domain.Tests;

public class PasswordPolicyTests
{
    private static readonly string[] NoPersonalInformation = [];

    private static DomainException Refused(PasswordPolicy policy, string password, params string?[] personal) =>
        Assert.Throws<DomainException>(() => policy.Validate(password, personal));

    private static string[] Ids(DomainException error) => [.. error.Details.Select(d => d.Id).Order(StringComparer.Ordinal)];

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private static int CodePoints(string text) => text.EnumerateRunes().Count();

    // ---- a good password ----------------------------------------------------------------------

    [Fact]
    public void A_password_meeting_every_rule_is_accepted_unchanged()
    {
        var password = TestData.Strict().Validate("Correct-Horse-7", ["alice", "alice.w", "Alice", "Wonder"]);

        Assert.Equal("Correct-Horse-7", password.Value);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var policy = TestData.Strict();

        Assert.Throws<ArgumentNullException>(() => policy.Validate(null!, NoPersonalInformation));
        Assert.Throws<ArgumentNullException>(() => policy.Validate("Correct-Horse-7", null!));
    }

    // ---- NFKC normalization -------------------------------------------------------------------

    [Fact]
    public void Fullwidth_characters_are_normalized_to_ascii()
    {
        var password = TestData.Policy().Validate("Ｐａｓｓ１！ｗｏｒｄ", NoPersonalInformation);

        Assert.Equal("Pass1!word", password.Value);
    }

    [Fact]
    public void Ligature_is_normalized_to_its_letters()
    {
        var password = TestData.Lenient().Validate("ﬁ", NoPersonalInformation);

        Assert.Equal("fi", password.Value);
    }

    [Fact]
    public void Combining_sequence_is_composed_and_counts_as_one_code_point()
    {
        var composed = TestData.Lenient().Validate("e\u0301", NoPersonalInformation);
        Assert.Equal("\u00e9", composed.Value);

        var error = Refused(TestData.Policy(2, false, false, false, false), "e\u0301");
        Assert.Equal([Errors.Policy.MinLengthId], Ids(error));
    }

    [Fact]
    public void Returned_value_is_the_NFKC_form_of_the_input()
    {
        const string input = "Ａb\u0063\u0327ﬁ1!²";

        var password = TestData.Policy().Validate(input, NoPersonalInformation);

        Assert.Equal(input.Normalize(NormalizationForm.FormKC), password.Value);
        Assert.True(password.Value.IsNormalized(NormalizationForm.FormKC));
        Assert.NotEqual(input, password.Value);
    }

    [Fact]
    public void Rules_are_checked_on_the_normalized_form()
    {
        // Fullwidth Ａ is upper case in both forms; but the superscript ² only becomes the digit 2 after NFKC,
        // and "ﬁ" becomes two lower-case letters: both are judged after normalization.
        var password = TestData.Policy(minLength: 4, upper: false, lower: true, number: true, symbol: false).Validate("ﬁ²ﬁ", NoPersonalInformation);

        Assert.Equal("fi2fi", password.Value);
    }

    // ---- length in code points, no truncation -------------------------------------------------

    [Fact]
    public void Astral_characters_count_as_one_code_point_each()
    {
        const string emoji = "\U0001F600";
        var sevenCodePoints = "Ab1" + string.Concat(Enumerable.Repeat(emoji, 4));
        var eightCodePoints = sevenCodePoints + emoji;
        Assert.Equal(11, sevenCodePoints.Length); // UTF-16 units would pass the min length of 8

        var error = Refused(TestData.Policy(), sevenCodePoints);
        Assert.Equal([Errors.Policy.MinLengthId], Ids(error));

        var accepted = TestData.Policy().Validate(eightCodePoints, NoPersonalInformation);
        Assert.Equal(eightCodePoints, accepted.Value);
    }

    [Fact]
    public void Password_of_exactly_min_length_is_accepted_and_one_less_is_refused()
    {
        Assert.Equal("Abcdef1!", TestData.Policy(8).Validate("Abcdef1!", NoPersonalInformation).Value);

        var error = Refused(TestData.Policy(8), "Abcde1!");
        Assert.Equal([Errors.Policy.MinLengthId], Ids(error));
    }

    [Fact]
    public void Password_of_72_code_points_is_accepted_whole()
    {
        var password = "Aa1!" + new string('x', 68);
        Assert.Equal(72, password.Length);

        var accepted = TestData.Policy().Validate(password, NoPersonalInformation);

        Assert.Equal(password, accepted.Value);
        Assert.Equal(72, CodePoints(accepted.Value));
    }

    [Fact]
    public void Password_of_72_astral_code_points_is_accepted_whole()
    {
        var password = "Aa1!" + string.Concat(Enumerable.Repeat("\U0001F512", 68));
        Assert.Equal(140, password.Length);

        var accepted = TestData.Policy().Validate(password, NoPersonalInformation);

        Assert.Equal(password, accepted.Value);
        Assert.Equal(72, CodePoints(accepted.Value));
    }

    [Theory]
    [InlineData(73)]
    [InlineData(200)]
    public void Password_longer_than_72_code_points_is_refused_not_truncated(int length)
    {
        var password = "Aa1!" + new string('x', length - 4);

        var error = Refused(TestData.Policy(), password);

        Assert.Equal([Errors.Policy.MaxLengthId], Ids(error));
    }

    // ---- control characters -------------------------------------------------------------------

    [Theory]
    [InlineData("Abcdef1!\u0000")]
    [InlineData("Abc\tdef1!")]
    [InlineData("Abcdef1!\n")]
    [InlineData("\rAbcdef1!")]
    [InlineData("Abcdef1!\u007F")]
    [InlineData("Abcdef1!\u0085")]
    [InlineData("Abc\u001Bdef1!")]
    public void Control_characters_are_refused(string password)
    {
        var error = Refused(TestData.Policy(), password);

        Assert.Equal([Errors.Policy.ControlCharacterId], Ids(error));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    // ---- complexity flags ---------------------------------------------------------------------

    [Theory]
    [InlineData(true, false, false, false, "abcdef1!", Errors.Policy.HasUppercaseId)]
    [InlineData(false, true, false, false, "ABCDEF1!", Errors.Policy.HasLowercaseId)]
    [InlineData(false, false, true, false, "Abcdefg!", Errors.Policy.HasNumberId)]
    [InlineData(false, false, false, true, "Abcdefg1", Errors.Policy.HasSymbolId)]
    public void Each_complexity_flag_is_enforced_on_its_own(bool upper, bool lower, bool number, bool symbol, string password, string expectedId)
    {
        var error = Refused(TestData.Policy(8, upper, lower, number, symbol), password);

        Assert.Equal([expectedId], Ids(error));
    }

    [Theory]
    [InlineData("abcdef1!")]
    [InlineData("ABCDEF1!")]
    [InlineData("Abcdefg!")]
    [InlineData("Abcdefg1")]
    [InlineData("12345678")]
    [InlineData("!!!!!!!!")]
    public void Switched_off_complexity_flags_are_not_enforced(string password)
    {
        var accepted = TestData.Policy(8, false, false, false, false).Validate(password, NoPersonalInformation);

        Assert.Equal(password, accepted.Value);
    }

    [Theory]
    [InlineData("ΑΒΓαβγ12!")] // Greek
    [InlineData("ДЖЗджз12!")] // Cyrillic
    [InlineData("ÄÖÜäöü12!")] // Latin with diacritics
    public void Non_latin_upper_and_lower_case_letters_count(string password)
    {
        var accepted = TestData.Policy().Validate(password, NoPersonalInformation);

        Assert.Equal(password, accepted.Value);
    }

    [Fact]
    public void Greek_lower_case_only_lacks_an_upper_case_letter()
    {
        var error = Refused(TestData.Policy(), "αβγδεζ12!");

        Assert.Equal([Errors.Policy.HasUppercaseId], Ids(error));
    }

    [Fact]
    public void Arabic_indic_digits_count_as_numbers()
    {
        var accepted = TestData.Policy().Validate("Abcdef!\u0663\u0664", NoPersonalInformation);

        Assert.Equal("Abcdef!\u0663\u0664", accepted.Value);
    }

    [Theory]
    [InlineData(true, false, false, Errors.Policy.HasUppercaseId)]
    [InlineData(false, true, false, Errors.Policy.HasLowercaseId)]
    [InlineData(false, false, true, Errors.Policy.HasSymbolId)]
    public void Cjk_letters_are_neither_upper_nor_lower_nor_symbol(bool upper, bool lower, bool symbol, string expectedId)
    {
        var error = Refused(TestData.Policy(4, upper, lower, false, symbol), "密码密码密码");

        Assert.Equal([expectedId], Ids(error));
    }

    [Fact]
    public void Cjk_letters_are_valid_characters_when_no_class_is_required()
    {
        var accepted = TestData.Policy(4, false, false, false, false).Validate("密码密码密码", NoPersonalInformation);

        Assert.Equal("密码密码密码", accepted.Value);
    }

    [Fact]
    public void Emoji_count_as_symbols()
    {
        var accepted = TestData.Policy().Validate("Abcdef1\U0001F600", NoPersonalInformation);

        Assert.Equal("Abcdef1\U0001F600", accepted.Value);
    }

    // ---- every violation at once --------------------------------------------------------------

    [Fact]
    public void Every_violated_rule_is_reported_at_once()
    {
        var common = new FakeCommonPasswords("alice\u0007");
        var policy = new PasswordPolicy(PasswordComplexityPolicy.Default, common, refusePersonalInformation: true);

        var error = Refused(policy, "alice\u0007", "alice");

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Policy.PasswordInvalidId, error.Summary.Id);
        Assert.Equal(
            Sorted(
                Errors.Policy.ControlCharacterId,
                Errors.Policy.MinLengthId,
                Errors.Policy.HasUppercaseId,
                Errors.Policy.HasNumberId,
                Errors.Policy.HasSymbolId,
                Errors.Policy.CommonPasswordId,
                Errors.Policy.PersonalInformationId),
            Ids(error));
        Assert.Equal(error.Details.Count, error.Details.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Too_long_password_missing_classes_reports_length_and_classes()
    {
        var error = Refused(TestData.Policy(), new string('a', 80));

        Assert.Equal(
            Sorted(Errors.Policy.MaxLengthId, Errors.Policy.HasUppercaseId, Errors.Policy.HasNumberId, Errors.Policy.HasSymbolId),
            Ids(error));
    }

    [Fact]
    public void Empty_password_breaks_length_and_every_class()
    {
        var error = Refused(TestData.Policy(), string.Empty);

        Assert.Equal(
            Sorted(Errors.Policy.MinLengthId, Errors.Policy.HasUppercaseId, Errors.Policy.HasLowercaseId, Errors.Policy.HasNumberId, Errors.Policy.HasSymbolId),
            Ids(error));
    }

    [Fact]
    public void Summary_lists_the_violated_ids()
    {
        var error = Refused(TestData.Policy(), "abc");

        foreach (var detail in error.Details)
        {
            Assert.Contains(detail.Id, error.Summary.Message, StringComparison.Ordinal);
        }
    }

    // ---- common passwords ---------------------------------------------------------------------

    [Fact]
    public void Common_password_is_refused()
    {
        var common = new FakeCommonPasswords("Password1!");

        var error = Refused(TestData.Policy(common: common), "Password1!");

        Assert.Equal([Errors.Policy.CommonPasswordId], Ids(error));
    }

    [Fact]
    public void Common_list_is_asked_with_the_normalized_password()
    {
        var common = new FakeCommonPasswords("Password1!");

        var error = Refused(TestData.Policy(common: common), "Ｐａｓｓｗｏｒｄ１！");

        Assert.Equal([Errors.Policy.CommonPasswordId], Ids(error));
        Assert.Equal(["Password1!"], common.Asked);
    }

    [Fact]
    public void Uncommon_password_passes_the_common_list()
    {
        var common = new FakeCommonPasswords("Password1!");

        var accepted = TestData.Policy(common: common).Validate("Tr0ub4dor&3", NoPersonalInformation);

        Assert.Equal("Tr0ub4dor&3", accepted.Value);
        Assert.Single(common.Asked);
    }

    [Fact]
    public void Without_a_common_list_common_passwords_are_not_checked()
    {
        var policy = TestData.Policy(common: null);

        Assert.False(policy.RefusesCommonPasswords);
        Assert.Equal("Password1!", policy.Validate("Password1!", NoPersonalInformation).Value);
        Assert.True(TestData.Policy(common: new FakeCommonPasswords()).RefusesCommonPasswords);
    }

    // ---- personal information -----------------------------------------------------------------

    [Theory]
    [InlineData("Xalice#2024", "alice", null, null, null)] // user name
    [InlineData("Wx9!jsmith77", null, "jsmith", null, null)] // email local part
    [InlineData("9Bartholomew!", null, null, "Bartholomew", null)] // first name
    [InlineData("!Q1nakamura", null, null, null, "Nakamura")] // last name
    public void Password_containing_personal_information_is_refused(string password, string? userName, string? emailLocal, string? first, string? last)
    {
        var error = Refused(TestData.Policy(personal: true), password, userName, emailLocal, first, last);

        Assert.Equal([Errors.Policy.PersonalInformationId], Ids(error));
    }

    [Theory]
    [InlineData("MyALICE#2024x", "alice")]
    [InlineData("Myalice#2024x", "ALICE")]
    [InlineData("MyAlIcE#2024x", "aLiCe")]
    [InlineData("ΣΩΚΡΆΤΗΣ#2024x", "σωκράτης")]
    public void Personal_information_is_matched_case_insensitively(string password, string userName)
    {
        var error = Refused(TestData.Policy(personal: true), password, userName);

        Assert.Equal([Errors.Policy.PersonalInformationId], Ids(error));
    }

    [Theory]
    [InlineData("john.smith", "Smith#2024x")]
    [InlineData("john.smith", "John#2024xy")]
    [InlineData("john_smith", "Smith#2024x")]
    [InlineData("john-smith@acme", "xACME#2024")]
    [InlineData("Mary Ann", "Mary#2024xy")]
    public void Separators_split_personal_information_into_parts(string personal, string password)
    {
        var error = Refused(TestData.Policy(personal: true), password, personal);

        Assert.Equal([Errors.Policy.PersonalInformationId], Ids(error));
    }

    [Theory]
    [InlineData("Al", "Alabama#2024")] // whole value shorter than 3
    [InlineData("jo.li", "Jo!Li#2024xy")] // every part shorter than 3, whole value absent
    [InlineData("ab_cd", "Abcd#2024xyz")]
    public void Parts_shorter_than_three_code_points_are_ignored(string personal, string password)
    {
        var accepted = TestData.Policy(personal: true).Validate(password, [personal]);

        Assert.Equal(password, accepted.Value);
    }

    [Fact]
    public void Part_of_exactly_three_code_points_is_searched()
    {
        var error = Refused(TestData.Policy(personal: true), "Xbob#2024yz", "bob");

        Assert.Equal([Errors.Policy.PersonalInformationId], Ids(error));
    }

    [Fact]
    public void Part_of_three_astral_code_points_is_searched()
    {
        const string part = "\U00010330\U00010331\U00010332"; // three Gothic letters, 6 UTF-16 units
        var error = Refused(TestData.Lenient(personal: true), "x" + part + "y", "x", part);

        Assert.Equal([Errors.Policy.PersonalInformationId], Ids(error));
    }

    [Fact]
    public void Part_of_two_astral_code_points_is_ignored_although_it_has_four_utf16_units()
    {
        const string part = "\U00010330\U00010331";
        var policy = TestData.Lenient(personal: true);

        // alone, and as a part followed by a separator
        Assert.Equal("x" + part + "y", policy.Validate("x" + part + "y", [part]).Value);
        Assert.Equal("x" + part + "y", policy.Validate("x" + part + "y", [part + " zz"]).Value);
    }

    [Fact]
    public void Null_and_empty_personal_information_are_skipped()
    {
        var accepted = TestData.Policy(personal: true).Validate("Abcdef1!", [null, string.Empty, "   "]);

        Assert.Equal("Abcdef1!", accepted.Value);
    }

    [Fact]
    public void Personal_information_rule_can_be_switched_off()
    {
        var policy = TestData.Policy(personal: false);

        Assert.False(policy.RefusePersonalInformation);
        Assert.Equal("Xalice#2024", policy.Validate("Xalice#2024", ["alice", "alice", "Alice", "Wonder"]).Value);
    }

    [Fact]
    public void PersonalParts_splits_folds_and_drops_short_parts()
    {
        var parts = PasswordPolicy.PersonalParts(["John.Smith", "Al", null, "x-Y-zed"]).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("john", parts);
        Assert.Contains("smith", parts);
        Assert.Contains("zed", parts);
        Assert.DoesNotContain("al", parts);
        Assert.DoesNotContain("x", parts);
        Assert.DoesNotContain("y", parts);
        Assert.All(parts, p => Assert.True(p.EnumerateRunes().Count() >= PasswordPolicy.MinPersonalPartLength));
    }

    // ---- secrets never leak -------------------------------------------------------------------

    [Theory]
    [InlineData("hunter2secretpw")]
    [InlineData("Sup3rSecretAlice")]
    [InlineData("Xy!\u0001secret")]
    [InlineData("TopSecretPassword42")]
    public void Error_messages_never_contain_the_password(string password)
    {
        var common = new FakeCommonPasswords(password);
        var policy = new PasswordPolicy(PasswordComplexityPolicy.Default, common, refusePersonalInformation: true);

        var error = Refused(policy, password, "alice");

        Assert.DoesNotContain(password, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(password, error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(password, error.Summary.Message, StringComparison.OrdinalIgnoreCase);
        Assert.All(error.Details, d => Assert.DoesNotContain(password, d.Message, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("secret", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.All(error.Details, d => Assert.DoesNotContain("secret", d.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Invalid_surrogates_are_refused()
    {
        // built in code: attribute arguments are stored as UTF-8 and cannot carry lone surrogates
        string[] passwords =
        [
            "Abcdef1!\uD800", // lone high surrogate at the end
            "\uDC00Abcdef1!", // lone low surrogate
            "Abc\uD800def1!", // high surrogate followed by a non-surrogate
            "Abc\uDC00\uD800def1!", // reversed pair
        ];

        foreach (var password in passwords)
        {
            var error = Refused(TestData.Lenient(), password);

            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.Equal(Errors.Policy.PasswordInvalidId, error.Summary.Id);
            Assert.Equal([Errors.Policy.InvalidCharacterId], Ids(error));
            Assert.DoesNotContain("Abc", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NormalizedPassword_text_form_never_shows_the_secret()
    {
        var password = TestData.Policy().Validate("Sup3r$ecretValue", NoPersonalInformation);

        Assert.DoesNotContain("Sup3r", password.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ecret", $"{password}", StringComparison.Ordinal);
        Assert.Equal("Sup3r$ecretValue", password.Value);
    }

    [Fact]
    public void NormalizedPassword_equality_is_by_value()
    {
        var policy = TestData.Policy();
        var a = policy.Validate("Ｓup3r$ecret", NoPersonalInformation);
        var b = policy.Validate("Sup3r$ecret", NoPersonalInformation);
        var c = policy.Validate("Sup3r$ecreT", NoPersonalInformation);

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.False(a.Equals((object)c));
    }

    // ---- invisible and meaningless characters -------------------------------------------------

    [Theory]
    [InlineData("Abcdef1!\u200B")] // zero-width space (Cf)
    [InlineData("Abc\u202Edef1!")] // right-to-left override (Cf)
    [InlineData("Abc\u00ADdef1!")] // soft hyphen (Cf)
    [InlineData("\uFEFFAbcdef1!")] // zero-width no-break space / BOM (Cf)
    [InlineData("Abcdef1!\uE000")] // private use (Co)
    [InlineData("Abcdef1!\U000F0000")] // supplementary private use (Co)
    [InlineData("Abcdef1!\u0378")] // unassigned (Cn)
    [InlineData("Abcdef1!\uFFFF")] // noncharacter (Cn)
    public void Format_private_use_and_unassigned_characters_are_refused(string password)
    {
        var error = Refused(TestData.Policy(), password);

        Assert.Equal(Errors.Policy.PasswordInvalidId, error.Summary.Id);
        Assert.Equal([Errors.Policy.InvalidCharacterId], Ids(error));
    }

    [Theory]
    [InlineData("Aaaaaaa1\u200B")]
    [InlineData("Aaaaaaa1\u2060")] // word joiner
    [InlineData("Aaaaaaa1\uE000")]
    [InlineData("Aaaaaaa1\u0378")]
    public void An_invisible_character_no_longer_counts_as_the_symbol(string password)
    {
        var error = Refused(TestData.Policy(), password);

        Assert.Equal(Sorted(Errors.Policy.InvalidCharacterId, Errors.Policy.HasSymbolId), Ids(error));
    }

    [Fact]
    public void An_unpaired_surrogate_is_reported_with_the_other_violations()
    {
        var error = Refused(TestData.Policy(), "abc" + new string('\uD800', 1));

        Assert.Equal(
            Sorted(Errors.Policy.InvalidCharacterId, Errors.Policy.MinLengthId, Errors.Policy.HasUppercaseId, Errors.Policy.HasNumberId, Errors.Policy.HasSymbolId),
            Ids(error));
    }

    [Fact]
    public void Joined_emoji_and_marks_stay_allowed()
    {
        // a variation selector is a mark (Mn), not a format character
        Assert.Equal("Abcdef1\u2764\uFE0F", TestData.Policy().Validate("Abcdef1\u2764\uFE0F", NoPersonalInformation).Value);
    }

    // ---- guessability -------------------------------------------------------------------------

    private static PasswordPolicy WithStrength(FakePasswordStrength strength, int minScore, bool personal = false) =>
        new(PasswordComplexityPolicy.Default, null, personal, strength, minScore);

    [Fact]
    public void A_score_below_the_minimum_is_refused_as_too_guessable()
    {
        var error = Refused(WithStrength(new FakePasswordStrength(2), 3), "Correct-Horse-7");

        Assert.Equal(Errors.Policy.PasswordInvalidId, error.Summary.Id);
        Assert.Equal([Errors.Policy.TooGuessableId], Ids(error));
        Assert.DoesNotContain("Horse", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(1, 1)]
    public void A_score_at_or_above_the_minimum_is_accepted(int score, int minScore)
    {
        Assert.Equal("Correct-Horse-7", WithStrength(new FakePasswordStrength(score), minScore).Validate("Correct-Horse-7", NoPersonalInformation).Value);
    }

    [Fact]
    public void Too_guessable_is_reported_with_the_other_violations()
    {
        var error = Refused(WithStrength(new FakePasswordStrength(0), 3, personal: true), "alice1\u200B", "alice");

        Assert.Equal(
            Sorted(
                Errors.Policy.InvalidCharacterId,
                Errors.Policy.MinLengthId,
                Errors.Policy.HasUppercaseId,
                Errors.Policy.HasSymbolId,
                Errors.Policy.TooGuessableId,
                Errors.Policy.PersonalInformationId),
            Ids(error));
    }

    [Fact]
    public void The_estimator_gets_the_normalized_password_and_the_users_data_as_inputs()
    {
        var strength = new FakePasswordStrength(4);

        WithStrength(strength, 3).Validate("Ｃorrect-Horse-7", ["alice.w", null, "Alice", " ", "Wonder"]);

        var (password, inputs) = Assert.Single(strength.Asked);
        Assert.Equal("Correct-Horse-7", password);
        Assert.Contains("alice.w", inputs);
        Assert.Contains("alice", inputs);
        Assert.Contains("wonder", inputs);
        Assert.DoesNotContain(string.Empty, inputs);
        Assert.DoesNotContain(" ", inputs);
    }

    [Fact]
    public void Minimum_score_zero_or_no_estimator_switches_the_rule_off()
    {
        var strength = new FakePasswordStrength(0);

        Assert.Equal("Abcdef1!", WithStrength(strength, 0).Validate("Abcdef1!", NoPersonalInformation).Value);
        Assert.Equal("Abcdef1!", new PasswordPolicy(PasswordComplexityPolicy.Default, null, false, null, 3).Validate("Abcdef1!", NoPersonalInformation).Value);
        Assert.Empty(strength.Asked);
        Assert.Equal(0, WithStrength(strength, 0).MinStrengthScore);
        Assert.Equal(3, WithStrength(strength, 3).MinStrengthScore);
    }

    [Fact]
    public void A_password_over_the_maximum_length_is_not_estimated()
    {
        var strength = new FakePasswordStrength(0);

        var error = Refused(WithStrength(strength, 3), "Abcdef1!" + new string('x', 70));

        Assert.Equal([Errors.Policy.MaxLengthId], Ids(error));
        Assert.Empty(strength.Asked);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void A_minimum_score_outside_0_to_4_cannot_be_built(int minScore)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordPolicy(PasswordComplexityPolicy.Default, null, false, new FakePasswordStrength(4), minScore));
    }

    // ---- construction -------------------------------------------------------------------------

    [Fact]
    public void Policy_with_an_invalid_complexity_cannot_be_built()
    {
        var error = Assert.Throws<DomainException>(() => new PasswordPolicy(new PasswordComplexityPolicy(0, false, false, false, false), null, false));

        Assert.Equal("POLICY-MinLengthRange", error.Summary.Id);
    }
}
