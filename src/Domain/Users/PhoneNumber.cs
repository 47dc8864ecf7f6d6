namespace Identity.Domain.Users;

/// <summary>
/// The phone number rule of UpdateHumanPhone and AddHumanUser (E.164-like): a '+', then the country code and
/// number as 7 to 15 digits, the first not 0; single spaces, '-', '.', '(' and ')' may separate digits and are
/// dropped. The normal form is '+' and the digits (E.164), at most 50 characters as sent.
/// </summary>
public static class PhoneNumber
{
    public const string Rule = "phone must be '+' and 7 to 15 digits (E.164), the first not 0, optionally separated by spaces, '-', '.', '(' or ')', at most 50 characters";

    /// <summary>The number in E.164 form, or null when it breaks the rule.</summary>
    public static string? Normalize(string? phone)
    {
        if (string.IsNullOrEmpty(phone) || phone.Length > 50 || phone[0] != '+')
        {
            return null;
        }

        var digits = new System.Text.StringBuilder(16);
        foreach (var c in phone.AsSpan(1))
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        return digits.Length is >= 7 and <= 15 && digits[0] != '0' ? "+" + digits : null;
    }
}
