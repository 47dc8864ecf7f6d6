namespace Identity.Application.Common;

/// <summary>A <see cref="TextQuery"/> applied in memory: ordinal, or ordinal ignoring case.</summary>
internal static class TextMatching
{
    public static bool Matches(string value, TextQuery query)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(query);
        var comparison = query.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return query.Match switch
        {
            TextMatch.Equals or TextMatch.EqualsIgnoreCase => string.Equals(value, query.Value, comparison),
            TextMatch.StartsWith or TextMatch.StartsWithIgnoreCase => value.StartsWith(query.Value, comparison),
            TextMatch.Contains or TextMatch.ContainsIgnoreCase => value.Contains(query.Value, comparison),
            TextMatch.EndsWith or TextMatch.EndsWithIgnoreCase => value.EndsWith(query.Value, comparison),
            _ => false,
        };
    }
}
