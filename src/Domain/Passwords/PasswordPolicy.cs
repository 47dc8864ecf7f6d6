using System.Globalization;
using System.Text;
using Identity.Domain.Common;

namespace Identity.Domain.Passwords;

/// <summary>
/// The effective password rules for one organization: its complexity policy plus the instance's
/// extra rules (invisible characters, common passwords, guessability, personal information). <see cref="Validate"/> reports every
/// violated rule at once and never echoes the password.
/// </summary>
public sealed class PasswordPolicy
{

    /// <summary>The highest score of <see cref="IPasswordStrength"/>.</summary>
    public const int MaxStrengthScore = 4;

    /// <summary>Personal information parts shorter than this are not searched for.</summary>
    public const int MinPersonalPartLength = 3;

    private readonly ICommonPasswords? _commonPasswords;
    private readonly IPasswordStrength? _strength;

    public PasswordPolicy(PasswordComplexityPolicy complexity, ICommonPasswords? commonPasswords, bool refusePersonalInformation)
        : this(complexity, commonPasswords, refusePersonalInformation, null, 0)
    {
    }

    /// <param name="complexity">The complexity policy.</param>
    /// <param name="commonPasswords">The list of well-known passwords to refuse; null switches the rule off.</param>
    /// <param name="refusePersonalInformation">Whether the user's names and email local part are refused in the password.</param>
    /// <param name="strength">The guessability estimator; null switches the rule off.</param>
    /// <param name="minStrengthScore">The lowest accepted score, 0..<see cref="MaxStrengthScore"/>; 0 switches the rule off.</param>
    public PasswordPolicy(PasswordComplexityPolicy complexity, ICommonPasswords? commonPasswords, bool refusePersonalInformation, IPasswordStrength? strength, int minStrengthScore)
    {
        ArgumentNullException.ThrowIfNull(complexity);
        ArgumentOutOfRangeException.ThrowIfNegative(minStrengthScore);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minStrengthScore, MaxStrengthScore);
        Complexity = complexity.EnsureValid();
        _commonPasswords = commonPasswords;
        RefusePersonalInformation = refusePersonalInformation;
        _strength = minStrengthScore > 0 ? strength : null;
        MinStrengthScore = _strength is null ? 0 : minStrengthScore;
    }

    public PasswordComplexityPolicy Complexity { get; }

    public bool RefusesCommonPasswords => _commonPasswords is not null;

    public bool RefusePersonalInformation { get; }

    /// <summary>The lowest accepted guessability score; 0 when the rule is off.</summary>
    public int MinStrengthScore { get; }

    /// <summary>
    /// The password history rule (checked by the user, which keeps the hashes, after <see cref="Validate"/>);
    /// <see cref="PasswordHistoryRule.Off"/> unless set.
    /// </summary>
    public PasswordHistoryRule History { get; init; } = PasswordHistoryRule.Off;

    /// <summary>
    /// How long a password set by an administrator with change required works for sign-in while it was never
    /// used; <see cref="TimeSpan.Zero"/> (the default here) means it never expires.
    /// </summary>
    public TimeSpan InitialPasswordLifetime
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    }

    /// <summary>Normalizes to NFKC and checks every rule; throws InvalidArgument listing all violations.</summary>
    /// <param name="password">The password as sent.</param>
    /// <param name="personalInformation">User name, email local part, first and last name (null or empty entries are skipped).</param>
    public NormalizedPassword Validate(string password, IEnumerable<string?> personalInformation)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(personalInformation);
        var violations = new List<ErrorDetail>();

        // Unpaired surrogates cannot be normalized: each stands in as the noncharacter U+FFFF (unassigned, Cn),
        // which counts towards no class and is refused below like the other invalid characters.
        var normalized = NormalForm(password);
        int length = 0, upper = 0, lower = 0, number = 0, symbol = 0, control = 0, invalid = 0;
        foreach (var rune in normalized.EnumerateRunes())
        {
            length++;
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control)
            {
                control++;
            }
            else if (category is UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                invalid++; // invisible or meaningless: such characters must not count towards a class
            }
            else if (Rune.IsUpper(rune) || category == UnicodeCategory.TitlecaseLetter)
            {
                upper++;
            }
            else if (Rune.IsLower(rune))
            {
                lower++;
            }
            else if (Rune.IsNumber(rune))
            {
                number++;
            }
            else if (!Rune.IsLetter(rune) && category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                symbol++;
            }
        }

        if (control > 0)
        {
            violations.Add(new ErrorDetail(Errors.Policy.ControlCharacterId, "Password must not contain control characters"));
        }

        if (invalid > 0)
        {
            violations.Add(new ErrorDetail(Errors.Policy.InvalidCharacterId, "Password must not contain invisible formatting, private-use, unassigned or unpaired surrogate characters"));
        }

        if (length < Complexity.MinLength)
        {
            violations.Add(new ErrorDetail(Errors.Policy.MinLengthId, $"Password must be at least {Complexity.MinLength} characters long"));
        }

        if (length > PasswordComplexityPolicy.MaxLength)
        {
            violations.Add(new ErrorDetail(Errors.Policy.MaxLengthId, $"Password must be at most {PasswordComplexityPolicy.MaxLength} characters long"));
        }

        if (Complexity.HasUppercase && upper == 0)
        {
            violations.Add(new ErrorDetail(Errors.Policy.HasUppercaseId, "Password must contain an uppercase letter"));
        }

        if (Complexity.HasLowercase && lower == 0)
        {
            violations.Add(new ErrorDetail(Errors.Policy.HasLowercaseId, "Password must contain a lowercase letter"));
        }

        if (Complexity.HasNumber && number == 0)
        {
            violations.Add(new ErrorDetail(Errors.Policy.HasNumberId, "Password must contain a number"));
        }

        if (Complexity.HasSymbol && symbol == 0)
        {
            violations.Add(new ErrorDetail(Errors.Policy.HasSymbolId, "Password must contain a symbol"));
        }

        if (_commonPasswords is not null && _commonPasswords.IsCommon(normalized))
        {
            violations.Add(new ErrorDetail(Errors.Policy.CommonPasswordId, "Password is too common"));
        }

        // The estimate's cost grows with the length; beyond the maximum the password is refused anyway.
        if (_strength is not null && length <= PasswordComplexityPolicy.MaxLength && _strength.Score(normalized, UserInputs(personalInformation)) < MinStrengthScore)
        {
            violations.Add(new ErrorDetail(Errors.Policy.TooGuessableId, "Password is too easy to guess"));
        }

        if (RefusePersonalInformation && ContainsPersonalInformation(normalized, personalInformation))
        {
            violations.Add(new ErrorDetail(Errors.Policy.PersonalInformationId, "Password must not contain the user name, email or name of the user"));
        }

        if (violations.Count > 0)
        {
            var summary = Errors.Policy.PasswordInvalid.Detail("Password does not meet the password policy: " + string.Join(", ", violations.Select(v => v.Id)));
            throw new DomainException(Errors.Policy.PasswordInvalid.Kind, summary, violations);
        }

        return new NormalizedPassword(normalized);
    }

    /// <summary>
    /// The normal form <see cref="Validate"/> checks and hashes (NFKC; an unpaired surrogate stands in as
    /// U+FFFF), without the rules. Idempotent, so a password already in normal form keeps it.
    /// </summary>
    public static string NormalForm(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return ReplaceUnpairedSurrogates(password).Normalize(NormalizationForm.FormKC);
    }

    /// <summary>
    /// <see cref="NormalForm"/> as a <see cref="NormalizedPassword"/>, without the rules: for a password that was
    /// just verified against the stored hash (it passed the rules, or came as an imported hash, when it was set).
    /// </summary>
    internal static NormalizedPassword NormalizeVerified(string password) => new(NormalForm(password));

    /// <summary>Splits personal data into parts (on anything but letters, marks and digits) of 3+ code points.</summary>
    public static IEnumerable<string> PersonalParts(IEnumerable<string?> personalInformation)
    {
        ArgumentNullException.ThrowIfNull(personalInformation);
        foreach (var value in personalInformation)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var text = Fold(value);
            var part = new StringBuilder();
            foreach (var rune in text.EnumerateRunes())
            {
                if (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
                {
                    part.Append(rune.ToString());
                    continue;
                }

                if (Text.CodePoints(part.ToString()) >= MinPersonalPartLength)
                {
                    yield return part.ToString();
                }

                part.Clear();
            }

            if (Text.CodePoints(part.ToString()) >= MinPersonalPartLength)
            {
                yield return part.ToString();
            }

            if (Text.CodePoints(text) >= MinPersonalPartLength)
            {
                yield return text;
            }
        }
    }

    private static bool ContainsPersonalInformation(string normalizedPassword, IEnumerable<string?> personalInformation)
    {
        var folded = Fold(normalizedPassword);
        return PersonalParts(personalInformation).Any(part => folded.Contains(part, StringComparison.Ordinal));
    }

    private static string Fold(string value) => value.Normalize(NormalizationForm.FormKC).ToUpperInvariant().ToLowerInvariant();

    /// <summary>The user's data as the estimator's user inputs: each value and each of its parts, folded.</summary>
    private static string[] UserInputs(IEnumerable<string?> personalInformation) =>
        [.. personalInformation.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => Fold(v!))
            .Concat(PersonalParts(personalInformation)).Distinct(StringComparer.Ordinal)];

    /// <summary><paramref name="value"/> with each unpaired surrogate replaced by U+FFFF.</summary>
    private static string ReplaceUnpairedSurrogates(string value)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder?.Append(value, i, 2);
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                builder ??= new StringBuilder(value, 0, i, value.Length);
                builder.Append('\uFFFF');
            }
            else
            {
                builder?.Append(value[i]);
            }
        }

        return builder?.ToString() ?? value;
    }
}
