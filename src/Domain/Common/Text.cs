using System.Buffers;
using System.Globalization;
using System.Text;

namespace Identity.Domain.Common;

public static class Text
{
    /// <summary>The one error id for names and identifiers that hold a character <see cref="IsAllowed"/> refuses.</summary>

    /// <summary>Length in Unicode code points (what the API's length limits count), not UTF-16 units.</summary>
    public static int CodePoints(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>Storage columns hold twice the code-point limit in UTF-16 units (astral characters take two).</summary>
    public static int Utf16Capacity(int codePoints) => codePoints * 2;

    /// <summary>
    /// The rule for names and identifiers (user names, profile and machine names, descriptions, org names,
    /// emails, ids in requests): no control characters (Cc, NUL included), no format characters (Cf: zero-width
    /// spaces and joiners, bidi overrides, soft hyphen, ...), no line or paragraph separators (Zl, Zp) and no
    /// unpaired surrogates. Such characters are invisible or reorder text, so two names that look alike would
    /// differ, and NUL cannot be stored by PostgreSQL. Null and empty text is allowed (lengths are checked apart).
    /// </summary>
    public static bool IsAllowed(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                return false; // an unpaired surrogate
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }

            i += consumed - 1;
        }

        return true;
    }

    /// <summary>Throws InvalidArgument <see cref="InvalidCharacterId"/> naming <paramref name="field"/> (never the value) when <see cref="IsAllowed"/> refuses it.</summary>
    public static void EnsureAllowed(string? value, string field)
    {
        if (!IsAllowed(value))
        {
            throw new DomainException(Errors.Text.InvalidCharacter, InvalidCharacterMessage(field));
        }
    }

    /// <summary>The message of <see cref="InvalidCharacterId"/>; it names the field, never the value.</summary>
    public static string InvalidCharacterMessage(string field) =>
        $"{field} must not contain control characters, format characters (such as zero-width or bidi characters), line separators or unpaired surrogates";
}
