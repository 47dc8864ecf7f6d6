namespace Identity.Domain.Common;

public static class Text
{
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
}
